/** What erasure needs: every store that can hold a user's data, and the audit key that pseudonymizes and signs. */
import type { AuditLog, BlobStore, Clock, DocumentStore, Identity, Ids, Logger, Mailer, MetricsRecorder, RateLimiter } from "../../ports.ts";
import type { DataKeys } from "../vault/data-keys.ts";

export interface DeletionDeps {
  store: DocumentStore;
  blobs: BlobStore;
  identity: Identity;
  mailer: Mailer;
  limiter: RateLimiter;
  dataKeys: DataKeys;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Counts erasures requested, for admin metrics. */
  metrics: MetricsRecorder;
  auditKey: Uint8Array;
  /**
   * Makes deletions final on disk: the embedded store rewrites its journal so no deleted document survives in it.
   * Nothing to do on Firestore, which does not keep deleted documents readable.
   */
  compactStore(): Promise<void>;
  /** How long a worker owns a deletion before the sweeper may take it over; renewed as it works. */
  leaseMs: number;
  /**
   * How long after its first pass an erasure sweeps again before it is sealed: longer than any request or ingestion
   * that may have started before the account was deactivated can still be writing (see config.ts).
   */
  graceMs: number;
  /** Test hook: a simulated crash (a thrown error) right after this step. */
  failAfterStep?: number;
  /** Test hook: awaited after each step is recorded, so a test can act between two steps. */
  afterStep?: (step: number, name: string) => Promise<void>;
}
