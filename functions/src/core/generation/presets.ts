/**
 * The jewelry presets: what each asks the model for. Models are real Replicate models, chosen for:
 * - black-forest-labs/flux-dev: the best open text-to-image quality for metal and gemstone detail, with
 *   `aspect_ratio`, `num_outputs` (1–4) and `seed`, so one prediction serves a whole request.
 * - black-forest-labs/flux-kontext-pro: instruction-based editing that keeps the input's subject, for variants
 *   of a real piece (one output per prediction, so a request of n runs n predictions).
 * - bria/generate-background: cuts out the product itself and generates only the background around it, so the
 *   real piece's pixels are kept — the safest way to stage a photographed piece (commercially licensed data).
 * Flux takes no negative prompt; it is kept per preset and sent to models that accept one.
 */
import type { AspectRatio, Preset, PresetId } from "@bez/contracts";

export interface PresetDefinition extends Preset {
  /** `{prompt}` is replaced by the user's description. */
  promptTemplate: string;
  negativePrompt: string;
  model: ModelSpec;
}

export interface ModelSpec {
  name: string;
  /** Outputs one prediction can return; requests for more run several predictions. */
  maxOutputsPerPrediction: number;
  acceptsNegativePrompt: boolean;
  kind: "text-to-image" | "edit" | "background";
}

const flux: ModelSpec = { name: "black-forest-labs/flux-dev", maxOutputsPerPrediction: 4, acceptsNegativePrompt: false, kind: "text-to-image" };
const kontext: ModelSpec = { name: "black-forest-labs/flux-kontext-pro", maxOutputsPerPrediction: 1, acceptsNegativePrompt: false, kind: "edit" };
const briaBackground: ModelSpec = { name: "bria/generate-background", maxOutputsPerPrediction: 1, acceptsNegativePrompt: true, kind: "background" };

const allRatios: AspectRatio[] = ["1:1", "4:5", "3:4", "16:9", "9:16"];
const negative = "blurry, distorted, deformed metal, extra stones, melted prongs, text, watermark, logo, low quality, oversaturated";

function preset(
  id: PresetId,
  title: string,
  description: string,
  model: ModelSpec,
  promptTemplate: string,
  options: { aspectRatios?: AspectRatio[]; needsReference?: boolean; marketplaceCheck?: boolean } = {},
): PresetDefinition {
  return {
    id,
    title,
    description,
    aspectRatios: options.aspectRatios ?? allRatios,
    needsReference: options.needsReference ?? false,
    marketplaceCheck: options.marketplaceCheck ?? false,
    models: [model.name],
    promptTemplate,
    negativePrompt: negative,
    model,
  };
}

export const presets: readonly PresetDefinition[] = [
  preset(
    "packshot-white",
    "White packshot",
    "Marketplace-ready: the piece alone on pure white, evenly lit, filling the frame.",
    flux,
    "Professional e-commerce packshot of {prompt}, a single piece of fine jewelry centered and filling the frame, isolated on a pure white seamless background (#FFFFFF), soft even studio lighting, no shadow on the background, sharp focus, photorealistic, no props, no text",
    { aspectRatios: ["1:1", "4:5", "3:4"], marketplaceCheck: true },
  ),
  preset(
    "lifestyle-marble",
    "Marble lifestyle",
    "The piece on polished white marble in soft window light.",
    flux,
    "{prompt} resting on polished white Carrara marble, soft natural window light, gentle reflections, shallow depth of field, luxury lifestyle product photography",
  ),
  preset(
    "velvet-display",
    "Velvet display",
    "A boutique look: deep velvet, a soft spotlight, rich color.",
    flux,
    "{prompt} presented on a deep velvet jewelry display, dramatic soft spotlight, rich color, luxury boutique photography",
  ),
  preset(
    "on-model-hand",
    "On the hand",
    "Worn on an elegant hand, for rings and bracelets.",
    flux,
    "close-up of an elegant hand wearing {prompt}, natural manicure, soft skin tones, neutral background, editorial jewelry photography",
    { aspectRatios: ["1:1", "4:5", "3:4", "9:16"] },
  ),
  preset(
    "on-model-neck",
    "On the neckline",
    "Worn at the neckline and collarbone, for necklaces, pendants and earrings.",
    flux,
    "a model's neckline and collarbone wearing {prompt}, face out of frame, elegant neutral clothing, soft studio light, editorial jewelry photography",
    { aspectRatios: ["1:1", "4:5", "3:4", "9:16"] },
  ),
  preset(
    "macro-detail",
    "Macro detail",
    "Extreme close-up of stones, prongs and metal finish.",
    flux,
    "extreme macro close-up of {prompt}, showing gemstone facets, prongs and metal texture, crisp focus, studio lighting, dark gradient background",
  ),
  preset(
    "flat-lay-campaign",
    "Flat-lay campaign",
    "A styled top-down composition for social and campaigns.",
    flux,
    "flat lay campaign composition featuring {prompt}, arranged on natural linen with dried flowers and silk ribbon, top-down view, soft daylight, editorial styling",
  ),
  preset(
    "reference-background",
    "New background for your photo",
    "Keeps your real piece exactly as photographed and replaces only the background.",
    briaBackground,
    "{prompt}",
    { needsReference: true },
  ),
  preset(
    "reference-variants",
    "Scenes for your photo",
    "New scenes around your real piece; the piece itself is kept unchanged.",
    kontext,
    "Keep the jewelry piece exactly as it is: the same shape, stones, metal, color and proportions. Change only its surroundings: {prompt}. Photorealistic product photography.",
    { needsReference: true },
  ),
];

export function findPreset(id: PresetId): PresetDefinition {
  const found = presets.find((p) => p.id === id);
  if (!found) throw new Error(`unknown preset ${id}`);
  return found;
}

export function publicPreset({ promptTemplate: _t, negativePrompt: _n, model: _m, ...rest }: PresetDefinition): Preset {
  return rest;
}
