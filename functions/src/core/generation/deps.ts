/** What the generation use cases need: ports, the vault, and the settings config.ts derived. */
import type { Clock, DocumentStore, ImageModel, Ids, Logger, MetricsRecorder, OutputFetcher, RateLimiter, RatePolicy, ReplayGuard } from "../../ports.ts";
import type { VaultDeps } from "../vault/images.ts";
import type { LinkSigner } from "../vault/signed-links.ts";
import type { GenerationChanges } from "./changes.ts";

export interface GenerationSettings {
  /** The API's address as the model service reaches it (webhooks, reference-image links). */
  callbackBaseUrl: string;
  deadlineSeconds: number;
  reconcileQuietSeconds: number;
  dailyQuota: number;
  inFlight: { limit: number; leaseSeconds: number };
  rate: RatePolicy;
}

export interface GenerationDeps {
  store: DocumentStore;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Admin metrics: started and ended generations, model run time. */
  metrics: MetricsRecorder;
  limiter: RateLimiter;
  /** Null when no model service is configured (local and test only): creating then answers 503. */
  model: ImageModel | null;
  fetcher: OutputFetcher;
  replayGuard: ReplayGuard;
  vault: VaultDeps;
  links: LinkSigner;
  settings: GenerationSettings;
  /** Tells this process's event streams that a generation changed. */
  changes: GenerationChanges;
}
