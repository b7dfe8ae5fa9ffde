/** Turns a generation request into the Replicate predictions that fulfil it. */
import type { AspectRatio } from "@bez/contracts";
import type { PresetDefinition } from "./presets.ts";

export interface PredictionPlan {
  model: string;
  input: Record<string, unknown>;
  /** How many images this prediction returns. */
  outputs: number;
}

export interface PlanRequest {
  prompt: string;
  aspectRatio: AspectRatio;
  count: number;
  seed: number | null;
  /** A short-lived link to the reference image, for presets that need one. */
  referenceUrl: string | null;
}

/** How many images each prediction of a request for `count` returns (what each one reserves of the quota). */
export function outputsPerPrediction(preset: PresetDefinition, count: number): number[] {
  const per = preset.model.maxOutputsPerPrediction;
  const split: number[] = [];
  for (let made = 0; made < count; made += per) split.push(Math.min(per, count - made));
  return split;
}

export function planPredictions(preset: PresetDefinition, request: PlanRequest): PredictionPlan[] {
  const prompt = preset.promptTemplate.replace("{prompt}", request.prompt);
  return outputsPerPrediction(preset, request.count).map((outputs, i) => {
    // Each prediction gets its own seed so a request for n images never returns n copies.
    const seed = request.seed === null ? undefined : request.seed + i;
    return { model: preset.model.name, input: inputFor(preset, prompt, request, outputs, seed), outputs };
  });
}

function inputFor(preset: PresetDefinition, prompt: string, request: PlanRequest, outputs: number, seed: number | undefined) {
  const common = seed === undefined ? {} : { seed };
  switch (preset.model.kind) {
    case "text-to-image":
      return { prompt, aspect_ratio: request.aspectRatio, num_outputs: outputs, output_format: "png", output_quality: 100, ...common };
    case "edit":
      return { prompt, input_image: requireReference(request), aspect_ratio: request.aspectRatio, output_format: "png", ...common };
    case "background":
      return {
        image: requireReference(request),
        bg_prompt: prompt,
        ...(preset.model.acceptsNegativePrompt ? { negative_prompt: preset.negativePrompt } : {}),
        ...common,
      };
  }
}

function requireReference(request: PlanRequest): string {
  if (!request.referenceUrl) throw new Error("this preset needs a reference image");
  return request.referenceUrl;
}
