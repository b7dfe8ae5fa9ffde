/**
 * What the prompt names: the piece, its metal, its stones and the scene. Words after "no"/"without"/"not"
 * are ignored, so a preset's "no hands, no text" never puts a hand in the picture.
 */

export const Pieces = ["ring", "necklace", "earrings", "bracelet", "pendant"] as const;
export type Piece = (typeof Pieces)[number];

export const Metals = ["yellow-gold", "rose-gold", "white-gold", "silver", "platinum"] as const;
export type Metal = (typeof Metals)[number];

export const Gems = ["diamond", "ruby", "emerald", "sapphire", "pearl"] as const;
export type Gem = (typeof Gems)[number];

export const Backdrops = ["white", "marble", "velvet", "hand", "neck", "macro", "flat-lay", "studio"] as const;
export type Backdrop = (typeof Backdrops)[number];

export interface SceneSpec {
  piece: Piece;
  /** A bangle or cuff rather than a tennis bracelet. */
  bangle: boolean;
  metal: Metal;
  gem: Gem;
  /** A second stone named in the prompt (a halo, pavé or accents). */
  accent: Gem | null;
  backdrop: Backdrop;
  /** "blue velvet", "black velvet"…: the velvet's colour when named. */
  velvetColor: string | null;
}

const PIECE_WORDS: [Piece, RegExp][] = [
  ["earrings", /\b(earrings?|studs?|hoops?|drops? earrings?|ear ?cuffs?)\b/],
  ["bracelet", /\b(bracelets?|bangles?|cuffs?|tennis bracelet)\b/],
  ["pendant", /\b(pendants?|lockets?)\b/],
  ["necklace", /\b(necklaces?|chokers?|strands?|rivi[eè]re|lariat)\b/],
  ["ring", /\b(rings?|band|solitaire|signet)\b/],
];

const METAL_WORDS: [Metal, RegExp][] = [
  ["rose-gold", /\b(rose|pink|red) gold\b/],
  ["white-gold", /\bwhite gold\b/],
  ["platinum", /\bplatinum\b/],
  ["silver", /\b(sterling )?silver\b/],
  ["yellow-gold", /\b(yellow gold|gold|18k|14k|22k|24k)\b/],
];

const GEM_WORDS: [Gem, RegExp][] = [
  ["diamond", /\b(diamonds?|brilliants?)\b/],
  ["ruby", /\brub(y|ies)\b/],
  ["emerald", /\bemeralds?\b/],
  ["sapphire", /\bsapphires?\b/],
  ["pearl", /\bpearls?\b/],
];

// Checked in this order: the most specific scene wins ("macro shot on velvet" is a macro shot).
const BACKDROP_WORDS: [Backdrop, RegExp][] = [
  ["white", /\b(packshot|pack shot|white (background|backdrop|seamless)|pure white|on white|e-?commerce|marketplace)\b/],
  ["macro", /\b(macro|close-? ?up|extreme detail)\b/],
  ["flat-lay", /\b(flat ?lay|flatlay|top-? ?down|overhead)\b/],
  ["hand", /\b(hands?|fingers?|wrists?)\b/],
  ["neck", /\b(neck|neckline|d[eé]collet[eé]|on-? ?model|model|wearing|worn)\b/],
  ["velvet", /\bvelvet\b/],
  ["marble", /\bmarble\b/],
  ["studio", /\bstudio\b/],
];

const VELVET_COLORS: [string, RegExp][] = [
  ["navy", /\b(blue|navy|midnight)\b/],
  ["burgundy", /\b(burgundy|red|wine|bordeaux)\b/],
  ["forest", /\b(green|forest|emerald green)\b/],
  ["black", /\b(black|charcoal)\b/],
  ["plum", /\b(purple|plum|violet)\b/],
];

/** Removes negated words ("no hands", "without model", "not on white") before matching. */
function affirmed(prompt: string): string {
  return prompt
    .toLowerCase()
    .replace(/[\u2019']/g, "")
    .replace(/\b(no|without|not|never|avoid)\s+(an?\s+|the\s+|on\s+)?[\w-]+/g, " ");
}

/** Where a word first occurs, or Infinity. */
function firstIndex(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? match.index : Number.POSITIVE_INFINITY;
}

function earliest<T>(text: string, table: [T, RegExp][]): T[] {
  return table
    .map(([value, pattern]) => ({ value, at: firstIndex(text, pattern) }))
    .filter((entry) => Number.isFinite(entry.at))
    .sort((a, b) => a.at - b.at)
    .map((entry) => entry.value);
}

export function describePrompt(prompt: string): SceneSpec {
  const text = affirmed(prompt);
  // The piece is the first one named ("pendant necklace" is a pendant, "ring with diamond earrings" a ring).
  // A bare "chain" is a necklace only when nothing more specific is named ("gold chain bracelet" is a bracelet).
  const piece = earliest(text, PIECE_WORDS)[0] ?? (/\bchains?\b/.test(text) ? "necklace" : "ring");
  const metal = METAL_WORDS.find(([, pattern]) => pattern.test(text))?.[0] ?? "yellow-gold";
  const gems = earliest(text, GEM_WORDS);
  const backdrop = BACKDROP_WORDS.find(([, pattern]) => pattern.test(text))?.[0] ?? "studio";
  return {
    piece,
    bangle: piece === "bracelet" && /\b(bangles?|cuffs?)\b/.test(text),
    metal,
    gem: gems[0] ?? "diamond",
    accent: gems[1] ?? null,
    backdrop,
    velvetColor: backdrop === "velvet" ? (VELVET_COLORS.find(([, pattern]) => pattern.test(text))?.[0] ?? null) : null,
  };
}
