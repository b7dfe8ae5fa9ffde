/**
 * Generation and prediction documents, and how they look from outside.
 *
 * `users/{uid}/generations/{id}`: the request (prompt sealed under the user's data key), its status and outputs.
 * `predictions/{id}`: one per model prediction, naming its owner and generation, the quota reservation it holds
 * and its ingestion state. Until the model has accepted a prediction it exists as a placeholder
 * (`plan-<generation>-<n>`, status "planned"): the request stores it, a dispatcher submits it (dispatch.ts), and
 * a process that dies before or during the submit still leaves the reconciler something to find and finish.
 */
import type {
  AspectRatio,
  Generation,
  GenerationError,
  GenerationErrorCode,
  GenerationEvent,
  GenerationStatus,
  MarketplaceCheck,
  PresetId,
} from "@bez/contracts";
import type { DocData, PredictionStatus } from "../../ports.ts";

export interface OutputDoc extends DocData {
  imageId: string;
  marketplace: MarketplaceCheck | null;
  derivedFrom: string | null;
}

export interface GenerationDoc extends DocData {
  status: GenerationStatus;
  progress: number | null;
  /** The prompt, sealed (envelope kind "prompt", object id = generation id). */
  prompt: Uint8Array;
  preset: PresetId;
  aspectRatio: AspectRatio;
  count: number;
  referenceImageId: string | null;
  seed: number | null;
  outputs: OutputDoc[];
  error: GenerationError | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** Every prediction document of the plan, in plan order (placeholders until the model answers). */
  predictionIds: string[];
  /** The in-flight lease this generation holds until it is terminal. */
  leaseId: string | null;
}

/** open: waiting for the model; ingesting: claimed by one worker fetching outputs; done: settled for good. */
export type IngestState = "open" | "ingesting" | "done";

export interface PredictionDoc extends DocData {
  uid: string;
  generationId: string;
  status: PredictionStatus | "planned";
  /** Images this prediction was asked for. */
  outputs: number;
  reservationId: string | null;
  ingest: IngestState;
  claimId: string | null;
  progress: number;
  /** Our own code for why it failed; the model's error text is never stored (it can quote the prompt). */
  errorCode: GenerationErrorCode | null;
  /**
   * When a dispatcher sent this placeholder to the model; null: not yet. Absent on placeholders stored before
   * dispatching moved off the request (their create was already under way), so those are never submitted twice.
   */
  submittedAt: Date | null;
  images: OutputDoc[];
  createdAt: Date;
  updatedAt: Date;
}

export const generationsCollection = (uid: string) => `users/${uid}/generations`;
export const generationPath = (uid: string, id: string) => `${generationsCollection(uid)}/${id}`;
export const predictionsCollection = "predictions";
export const predictionPath = (id: string) => `${predictionsCollection}/${id}`;
/** What a prediction id of ours can be: it names a document, so no slash, no dot segment, no reserved `__…__` id. */
export const isPredictionId = (id: string) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id);
export const placeholderId = (generationId: string, index: number) => `plan-${generationId}-${index}`;

export const isTerminal = (status: GenerationStatus) => status === "succeeded" || status === "failed" || status === "canceled";

const errorMessages: Record<GenerationErrorCode, string> = {
  "model-unavailable": "The image service could not be reached. Your daily allowance was refunded: please try again.",
  "model-rejected": "The image service refused this request. Your daily allowance was refunded.",
  "model-failed": "The image model could not make this image. Your daily allowance was refunded: try again or reword it.",
  "output-invalid": "The image service returned an image Bez could not accept. Your daily allowance was refunded.",
  timeout: "The image took too long to make and was stopped. Your daily allowance was refunded.",
};

export const generationError = (code: GenerationErrorCode): GenerationError => ({ code, message: errorMessages[code] });

function outputs(doc: GenerationDoc): Generation["outputs"] {
  return doc.outputs.map((o) => ({ imageId: o.imageId, marketplace: o.marketplace, ...(o.derivedFrom ? { derivedFrom: o.derivedFrom } : {}) }));
}

/** The public view; `prompt` is the decrypted text (only ever built for the owner). */
export function toGeneration(id: string, doc: GenerationDoc, prompt: string): Generation {
  return {
    id,
    status: doc.status,
    progress: doc.progress,
    prompt,
    preset: doc.preset,
    aspectRatio: doc.aspectRatio,
    count: doc.count,
    referenceImageId: doc.referenceImageId,
    seed: doc.seed,
    outputs: outputs(doc),
    error: doc.error,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    completedAt: doc.completedAt?.toISOString() ?? null,
  };
}

export function toEvent(id: string, doc: GenerationDoc): GenerationEvent {
  return { id, status: doc.status, progress: doc.progress, outputs: outputs(doc), error: doc.error, updatedAt: doc.updatedAt.toISOString() };
}
