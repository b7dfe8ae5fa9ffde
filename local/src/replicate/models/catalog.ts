/**
 * The models this server runs, with the inputs the real ones take (checked against their Replicate schemas)
 * and their real output shapes: FLUX text-to-image models answer a list of URLs, the editing and background
 * models a single URL. Unknown input keys are ignored, as on Replicate.
 *
 * | model                              | inputs used                                                                 | output   |
 * | ---------------------------------- | --------------------------------------------------------------------------- | -------- |
 * | black-forest-labs/flux-schnell     | prompt, aspect_ratio, num_outputs 1–4, num_inference_steps 1–4, seed, output_format webp/jpg/png, output_quality, megapixels, go_fast, disable_safety_checker | [url, …] |
 * | black-forest-labs/flux-dev         | the same (steps 1–50, guidance 0–10) + image (img2img: the piece is kept), prompt_strength | [url, …] |
 * | black-forest-labs/flux-kontext-pro | prompt, input_image (the piece is kept), aspect_ratio incl. match_input_image, seed, output_format jpg/png, safety_tolerance 0–6, prompt_upsampling | url |
 * | bria/remove-background             | image or image_url, preserve_partial_alpha, content_moderation               | url (PNG with alpha) |
 * | bria/generate-background           | image or image_url, bg_prompt or ref_image_url, seed, original_quality, negative_prompt, refine_prompt, fast, sync | url |
 */
import { randomInt } from "node:crypto";
import sharp from "sharp";
import { z } from "zod";
import { versionId } from "../ids.ts";
import { cutOut, cutoutPng, placeOnScene } from "../renderer/reference.ts";
import { renderImage } from "../renderer/render.ts";
import { sizeFor, sizeMatching } from "../renderer/sizes.ts";
import type { AspectRatio } from "../renderer/sizes.ts";
import { loadInputImage } from "./input-image.ts";
import { parseInput } from "./validation.ts";

export interface RenderedFile {
  bytes: Buffer;
  extension: "png" | "webp" | "jpg";
  contentType: string;
}

/** A validated request, ready to run. */
export interface ModelRun {
  /** The first log lines ("Using seed: …"). */
  logHead: string;
  /** How many progress steps the logs show. */
  steps: number;
  produce(): Promise<RenderedFile[]>;
}

export interface LocalModel {
  owner: string;
  name: string;
  version: string;
  description: string;
  output: "list" | "single";
  /** Validates (throwing a 422 ReplicateProblem) and resolves defaults such as a random seed. */
  prepare(input: unknown): ModelRun;
}

const FLUX_RATIOS = ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"] as const;
const KONTEXT_RATIOS = ["match_input_image", "1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "4:5", "5:4", "21:9", "9:21", "2:1", "1:2"] as const;

const uri = z.string().regex(/^(https?:\/\/\S+|data:[^,]*,.+)$/s);
const seed = z.number().int().optional();
const quality = z.number().int().min(0).max(100).default(80);

const fluxCommon = {
  prompt: z.string(),
  aspect_ratio: z.enum(FLUX_RATIOS).default("1:1"),
  num_outputs: z.number().int().min(1).max(4).default(1),
  seed,
  output_format: z.enum(["webp", "jpg", "png"]).default("webp"),
  output_quality: quality,
  disable_safety_checker: z.boolean().default(false),
  go_fast: z.boolean().default(true),
  megapixels: z.enum(["1", "0.25"]).default("1"),
};

const FluxSchnellInput = z.object({ ...fluxCommon, num_inference_steps: z.number().int().min(1).max(4).default(4) });
const FluxDevInput = z.object({
  ...fluxCommon,
  num_inference_steps: z.number().int().min(1).max(50).default(28),
  guidance: z.number().min(0).max(10).default(3),
  image: uri.optional(),
  prompt_strength: z.number().min(0).max(1).default(0.8),
});
const KontextInput = z.object({
  prompt: z.string(),
  input_image: uri.optional(),
  aspect_ratio: z.enum(KONTEXT_RATIOS).default("match_input_image"),
  seed,
  output_format: z.enum(["jpg", "png"]).default("png"),
  safety_tolerance: z.number().int().min(0).max(6).default(2),
  prompt_upsampling: z.boolean().default(false),
});
const imageEither = { image: uri.optional(), image_url: uri.optional() };
const RemoveBackgroundInput = z
  .object({ ...imageEither, preserve_partial_alpha: z.boolean().default(true), content_moderation: z.boolean().default(false) })
  .refine((v) => v.image !== undefined || v.image_url !== undefined, { message: "image or image_url is required", path: ["image"] });
const GenerateBackgroundInput = z
  .object({
    ...imageEither,
    bg_prompt: z.string().optional(),
    ref_image_url: uri.optional(),
    negative_prompt: z.string().optional(),
    seed,
    original_quality: z.boolean().default(false),
    refine_prompt: z.boolean().default(true),
    fast: z.boolean().default(true),
    sync: z.boolean().default(true),
    content_moderation: z.boolean().default(false),
  })
  .refine((v) => v.image !== undefined || v.image_url !== undefined, { message: "image or image_url is required", path: ["image"] })
  .refine((v) => v.bg_prompt !== undefined || v.ref_image_url !== undefined, { message: "Either bg_prompt or ref_image_url must be provided", path: ["bg_prompt"] });

/** FLUX schnell's input is dev's without the image-to-image fields. */
type FluxInput = z.infer<typeof FluxSchnellInput> & Partial<Pick<z.infer<typeof FluxDevInput>, "image">>;

/** FLUX's seed range; a request without a seed gets a random one, announced in the logs like the real model. */
const resolveSeed = (given: number | undefined) => given ?? randomInt(0, 2 ** 31);

async function encode(png: Buffer, format: "png" | "webp" | "jpg", outputQuality: number): Promise<RenderedFile> {
  if (format === "png") return { bytes: png, extension: "png", contentType: "image/png" };
  if (format === "webp") return { bytes: await sharp(png).webp({ quality: outputQuality }).toBuffer(), extension: "webp", contentType: "image/webp" };
  return { bytes: await sharp(png).jpeg({ quality: outputQuality, mozjpeg: true }).toBuffer(), extension: "jpg", contentType: "image/jpeg" };
}

const png = (bytes: Buffer): RenderedFile => ({ bytes, extension: "png", contentType: "image/png" });

/** Keeps the piece of a reference photo and puts it on the scene the prompt names. */
async function onScene(imageRef: string, prompt: string, seedValue: number, size: (w: number, h: number) => { width: number; height: number }): Promise<Buffer> {
  const cutout = await cutOut(await loadInputImage(imageRef));
  const { width, height } = size(cutout.width, cutout.height);
  return placeOnScene({ cutout, prompt, width, height, seed: seedValue });
}

function flux(name: "flux-schnell" | "flux-dev", description: string): LocalModel {
  const schema = name === "flux-schnell" ? FluxSchnellInput : FluxDevInput;
  return {
    owner: "black-forest-labs",
    name,
    version: versionId(`black-forest-labs/${name}`, 1),
    description,
    output: "list",
    prepare(raw) {
      const input: FluxInput = parseInput<FluxInput>(schema, raw);
      const base = resolveSeed(input.seed);
      const image = input.image;
      const megapixels = input.megapixels === "1" ? 1 : 0.25;
      return {
        logHead: `Using seed: ${base}\n`,
        steps: input.num_inference_steps,
        produce: () =>
          Promise.all(
            Array.from({ length: input.num_outputs }, async (_, i) => {
              const size = sizeFor(input.aspect_ratio, megapixels);
              const picture = image
                ? await onScene(image, input.prompt, base + i, (w, h) => sizeMatching(w, h))
                : await renderImage({ prompt: input.prompt, ...size, seed: base + i });
              return encode(picture, input.output_format, input.output_quality);
            }),
          ),
      };
    },
  };
}

const kontextPro: LocalModel = {
  owner: "black-forest-labs",
  name: "flux-kontext-pro",
  version: versionId("black-forest-labs/flux-kontext-pro", 1),
  description: "Image editing from a prompt; locally the reference piece is kept and placed on the named scene",
  output: "single",
  prepare(raw) {
    const input = parseInput(KontextInput, raw);
    const seedValue = resolveSeed(input.seed);
    const ratio: AspectRatio = input.aspect_ratio === "match_input_image" ? "1:1" : input.aspect_ratio;
    return {
      logHead: `Using seed: ${seedValue}\n`,
      steps: 30,
      async produce() {
        const picture = input.input_image
          ? await onScene(input.input_image, input.prompt, seedValue, (w, h) => (input.aspect_ratio === "match_input_image" ? sizeMatching(w, h) : sizeFor(ratio)))
          : await renderImage({ prompt: input.prompt, ...sizeFor(ratio), seed: seedValue });
        return [await encode(picture, input.output_format, 95)];
      },
    };
  },
};

const removeBackground: LocalModel = {
  owner: "bria",
  name: "remove-background",
  version: versionId("bria/remove-background", 1),
  description: "Background removal: a PNG with transparency around the piece",
  output: "single",
  prepare(raw) {
    const input = parseInput(RemoveBackgroundInput, raw);
    const ref = input.image ?? input.image_url ?? "";
    return {
      logHead: "Removing background\n",
      steps: 4,
      produce: async () => [png(await cutoutPng(await cutOut(await loadInputImage(ref))))],
    };
  },
};

const generateBackground: LocalModel = {
  owner: "bria",
  name: "generate-background",
  version: versionId("bria/generate-background", 1),
  description: "A new background generated around the unchanged piece",
  output: "single",
  prepare(raw) {
    const input = parseInput(GenerateBackgroundInput, raw);
    const seedValue = resolveSeed(input.seed);
    const ref = input.image ?? input.image_url ?? "";
    return {
      logHead: `Using seed: ${seedValue}\n`,
      steps: 8,
      produce: async () => [
        png(await onScene(ref, input.bg_prompt ?? "", seedValue, (w, h) => (input.original_quality ? { width: w, height: h } : sizeMatching(w, h)))),
      ],
    };
  },
};

export const MODELS: readonly LocalModel[] = [
  flux("flux-schnell", "Fast text-to-image; locally the offline jewelry renderer"),
  flux("flux-dev", "Text-to-image (and image-to-image); locally the offline jewelry renderer"),
  kontextPro,
  removeBackground,
  generateBackground,
];

export function findModel(owner: string, name: string): LocalModel | undefined {
  return MODELS.find((m) => m.owner === owner && m.name === name);
}

export function findVersion(version: string): LocalModel | undefined {
  return MODELS.find((m) => m.version === version);
}
