/** What erasure needs: every store that can hold a user's data, and the audit key that pseudonymizes and signs. */
import type { AuditLog, BlobStore, Clock, DocumentStore, Identity, Ids, Logger, Mailer, RateLimiter } from "../../ports.ts";
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
  auditKey: Uint8Array;
  /**
   * Makes deletions final on disk: the embedded store rewrites its journal so no deleted document survives in it.
   * Nothing to do on Firestore, which does not keep deleted documents readable.
   */
  compactStore(): Promise<void>;
  /** How long a worker owns a deletion before the sweeper may take it over; renewed as it works. */
  leaseMs: number;
  /** Test hook: a simulated crash (a thrown error) right after this step. */
  failAfterStep?: number;
}
