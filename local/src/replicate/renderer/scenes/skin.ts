/** Skin tones for the hand and on-model scenes, chosen by the seed. */
export interface SkinTone {
  light: string;
  base: string;
  shade: string;
  nail: string;
}

export const SKIN_TONES: readonly SkinTone[] = [
  { light: "#f7dfcc", base: "#e9c3a6", shade: "#c4916f", nail: "#f3d6cf" },
  { light: "#eccaae", base: "#d5a47f", shade: "#a87350", nail: "#efc9bb" },
  { light: "#cf9a76", base: "#ad744f", shade: "#7b4a2f", nail: "#d9aa93" },
  { light: "#9a6a4d", base: "#74492f", shade: "#4a2b1b", nail: "#b08572" },
];
