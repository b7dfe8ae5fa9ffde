import { z } from "zod";
import { ImageId, ImageRecord } from "./images.ts";
import { ListQuery, listOf, opaqueId } from "./lists.ts";

export const AspectRatio = z.enum(["1:1", "4:5", "3:4", "16:9", "9:16"]);
export type AspectRatio = z.infer<typeof AspectRatio>;

export const PresetId = z.enum([
  "packshot-white",
  "lifestyle-marble",
  "velvet-display",
  "on-model-hand",
  "on-model-neck",
  "macro-detail",
  "flat-lay-campaign",
  "reference-background",
  "reference-variants",
]);
export type PresetId = z.infer<typeof PresetId>;

export const Preset = z.object({
  id: PresetId,
  title: z.string(),
  description: z.string(),
  aspectRatios: z.array(AspectRatio),
  needsReference: z.boolean(),
  /** Whether outputs are checked against marketplace main-image rules. */
  marketplaceCheck: z.boolean(),
  /** The Replicate model(s) the preset runs, in order. */
  models: z.array(z.string()),
});
export type Preset = z.infer<typeof Preset>;

export const promptLimits = { min: 1, max: 1000 } as const;

export const CreateGenerationRequest = z
  .strictObject({
    preset: PresetId,
    prompt: z.string().trim().min(promptLimits.min, "Describe the piece").max(promptLimits.max, `At most ${promptLimits.max} characters`),
    aspectRatio: AspectRatio.default("1:1"),
    count: z.number().int().min(1).max(4).default(1),
    referenceImageId: ImageId.optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
  });
export type CreateGenerationRequest = z.infer<typeof CreateGenerationRequest>;

/** Route parameter of `/v1/generations/{id}…`. */
export const GenerationId = opaqueId("Not a generation id");

export const GenerationStatus = z.enum(["queued", "running", "succeeded", "failed", "canceled"]);
export type GenerationStatus = z.infer<typeof GenerationStatus>;
export const terminalStatuses: readonly GenerationStatus[] = ["succeeded", "failed", "canceled"];

export const MarketplaceCheck = z.object({
  rule: z.literal("amazon-main-image"),
  pass: z.boolean(),
  whiteBorderShare: z.number(),
  fillRatio: z.number(),
  longestSide: z.number().int(),
  reasons: z.array(z.string()),
  fixable: z.boolean(),
});
export type MarketplaceCheck = z.infer<typeof MarketplaceCheck>;

export const GenerationOutput = z.object({
  imageId: z.string(),
  marketplace: MarketplaceCheck.nullable(),
  /** Set on an image made by POST /v1/images/{id}/marketplace-fix: the output it was made from. */
  derivedFrom: z.string().optional(),
});
export type GenerationOutput = z.infer<typeof GenerationOutput>;

/** Why a generation failed: model-unavailable, model-rejected, model-failed, output-invalid or timeout. */
export const GenerationErrorCode = z.enum(["model-unavailable", "model-rejected", "model-failed", "output-invalid", "timeout"]);
export type GenerationErrorCode = z.infer<typeof GenerationErrorCode>;
export const GenerationError = z.object({ code: GenerationErrorCode, message: z.string() });
export type GenerationError = z.infer<typeof GenerationError>;

export const Generation = z.object({
  id: z.string(),
  status: GenerationStatus,
  progress: z.number().min(0).max(1).nullable(),
  prompt: z.string(),
  preset: PresetId,
  aspectRatio: AspectRatio,
  count: z.number().int(),
  referenceImageId: z.string().nullable(),
  seed: z.number().int().nullable(),
  outputs: z.array(GenerationOutput),
  error: GenerationError.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Generation = z.infer<typeof Generation>;

/** The 202 answer to POST /v1/generations. */
export const GenerationAccepted = Generation.pick({ id: true, status: true, preset: true, aspectRatio: true, count: true, createdAt: true });
export type GenerationAccepted = z.infer<typeof GenerationAccepted>;

export const GenerationList = listOf(Generation);
export type GenerationList = z.infer<typeof GenerationList>;
export const GenerationListQuery = ListQuery;

/** One `status` event on GET /v1/generations/{id}/events. */
export const GenerationEvent = Generation.pick({ id: true, status: true, progress: true, outputs: true, error: true, updatedAt: true });
export type GenerationEvent = z.infer<typeof GenerationEvent>;

/** The answer to POST /v1/images/{id}/marketplace-fix: the new output image and its check. */
export const MarketplaceFix = z.object({ image: ImageRecord, marketplace: MarketplaceCheck });
export type MarketplaceFix = z.infer<typeof MarketplaceFix>;
