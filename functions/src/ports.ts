/**
 * The ports the domain depends on. Interfaces and plain values only: no SDK imports here or in core/.
 * Adapters in adapters/ implement them; compose.ts picks which.
 */
import type { Readable } from "node:stream";
import type { AuditEvent, Role } from "@bez/contracts";

// ---------------------------------------------------------------------------------------------
// DocumentStore: Firestore's data model. Paths alternate collection/doc: "users/u1/generations/g1".

/** Values Firestore stores. Dates are timestamps; Uint8Array is bytes. */
export type DocValue =
  | null
  | boolean
  | number
  | string
  | Date
  | Uint8Array
  | DocValue[]
  | { [key: string]: DocValue };
export type DocData = { [key: string]: DocValue };

/** Update-only field transforms, mirroring Firestore's FieldValue. */
export class FieldOp {
  private constructor(
    readonly kind: "increment" | "delete" | "arrayUnion" | "arrayRemove",
    readonly operand: DocValue[] | number | null,
  ) {}
  static increment(by: number): FieldOp {
    return new FieldOp("increment", by);
  }
  static delete(): FieldOp {
    return new FieldOp("delete", null);
  }
  static arrayUnion(...values: DocValue[]): FieldOp {
    return new FieldOp("arrayUnion", values);
  }
  static arrayRemove(...values: DocValue[]): FieldOp {
    return new FieldOp("arrayRemove", values);
  }
}

/** An update: keys are field paths ("settings.analytics"), values are new values or FieldOps. */
export type DocPatch = { [fieldPath: string]: DocValue | FieldOp };

export interface DocSnapshot<T extends DocData = DocData> {
  id: string;
  path: string;
  data: T;
}

export type WhereOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "array-contains";
export interface WhereClause {
  field: string;
  op: WhereOp;
  value: DocValue;
}

export interface DocQuery {
  /** A collection path, e.g. "users/u1/generations". */
  collection: string;
  where?: WhereClause[];
  /** One explicit order; ties (and the unordered case) break by document id in the same direction. */
  orderBy?: { field: string; direction: "asc" | "desc" };
  limit?: number;
  /** An opaque cursor from a previous result's nextCursor. */
  startAfter?: string;
}

export interface DocQueryResult<T extends DocData = DocData> {
  docs: DocSnapshot<T>[];
  /** Set when `limit` was reached and more documents may follow; pass back as startAfter. */
  nextCursor: string | null;
}

export interface WriteOps {
  /** Fails with StoreError("already-exists") at commit if the document exists. */
  create(path: string, data: DocData): void;
  /** Creates or replaces the whole document. */
  set(path: string, data: DocData): void;
  /** Fails with StoreError("not-found") at commit if the document is missing. */
  update(path: string, patch: DocPatch): void;
  /** Deleting a missing document is not an error. */
  delete(path: string): void;
}

export interface Transaction extends WriteOps {
  /** All reads must come before any write, as in Firestore. */
  get(path: string): Promise<DocSnapshot | null>;
  getAll(paths: string[]): Promise<(DocSnapshot | null)[]>;
  query(query: DocQuery): Promise<DocQueryResult>;
}

export interface WriteBatch extends WriteOps {
  /** Atomic. More than 500 writes: StoreError("invalid-argument"). */
  commit(): Promise<void>;
}

export interface DocumentStore {
  get(path: string): Promise<DocSnapshot | null>;
  getAll(paths: string[]): Promise<(DocSnapshot | null)[]>;
  create(path: string, data: DocData): Promise<void>;
  set(path: string, data: DocData): Promise<void>;
  update(path: string, patch: DocPatch): Promise<void>;
  delete(path: string): Promise<void>;
  /** A query with no matching composite index in firestore.indexes.json: StoreError("failed-precondition"). */
  query(query: DocQuery): Promise<DocQueryResult>;
  /** Serializable; retried on contention (optimistic), StoreError("aborted") after too many attempts. */
  runTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  batch(): WriteBatch;
  /**
   * Ids of the collections directly under a document, or at the root when no path is given, whether or not that
   * document itself exists (subcollections outlive their parent). For erasure and the residue scanner.
   */
  listCollections(documentPath?: string): Promise<string[]>;
  /** A cheap round trip for /v1/health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type StoreErrorCode =
  | "already-exists"
  | "not-found"
  | "invalid-argument"
  | "failed-precondition"
  | "aborted"
  | "unavailable";

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

// ---------------------------------------------------------------------------------------------
// BlobStore: object storage. Keys like "u/{uid}/images/{id}". Prefixes end in "/".

export interface BlobStore {
  /** Atomic: readers see the old object or the new one, never a partial one. */
  put(key: string, data: Uint8Array, contentType?: string): Promise<void>;
  /** A stream of the bytes, or null when missing. */
  get(key: string): Promise<Readable | null>;
  exists(key: string): Promise<boolean>;
  /** Returns whether something was deleted. */
  delete(key: string): Promise<boolean>;
  /** Every key under the prefix (which must end in "/"), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Deletes every key under the prefix (which must end in "/"); returns the count. */
  deleteByPrefix(prefix: string): Promise<number>;
  ping(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Identity: the Firebase Auth side (token verification and account administration).

export interface VerifiedIdToken {
  uid: string;
  email: string | null;
  emailVerified: boolean;
  /** When the user last signed in (seconds-precision Date). */
  authTime: Date;
  issuedAt: Date;
  /** The `role` custom claim, if any. */
  role: Role | null;
}

export type IdentityErrorCode = "invalid-token" | "expired-token" | "revoked-token" | "user-disabled" | "unavailable";

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "IdentityError";
  }
}

export interface Identity {
  /** Verifies signature, expiry and revocation. Throws IdentityError. */
  verifyIdToken(token: string): Promise<VerifiedIdToken>;
  /** Revokes every refresh token, so ID tokens issued so far fail the revocation check. A missing user: no-op. */
  revokeSessions(uid: string): Promise<void>;
  /** Disables sign-in. A missing user: no-op. */
  disable(uid: string): Promise<void>;
  /** Deletes the account. A missing user: no-op. */
  delete(uid: string): Promise<void>;
  /**
   * Sets the `role` custom claim ("user" removes it). It reaches ID tokens minted after the change; callers that need
   * it at once also revoke the user's sessions.
   */
  setRole(uid: string, role: Role): Promise<void>;
  /**
   * Whether the account can no longer sign in: disabled, or gone. One uncached look-up: personal access tokens carry
   * no revocation check of their own, so each use asks.
   */
  isDisabled(uid: string): Promise<boolean>;
  /** The uid of the account with this email, or null. */
  findUid(email: string): Promise<string | null>;
  /** Whether an account with this uid, or this email, exists (the residue scanner). */
  hasUser(by: { uid: string } | { email: string }): Promise<boolean>;
  ping(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Audit log (append-only).

export type AuditInput = Omit<AuditEvent, "id" | "at">;

export interface AuditLog {
  record(event: AuditInput): Promise<AuditEvent>;
}

// ---------------------------------------------------------------------------------------------
// Mailer: notices by email. SMTP in production; locally an outbox of .eml files under BEZ_DATA_DIR/mail.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Erasure: removes whatever the mailer still holds for this address (the local outbox); a no-op for SMTP. */
  forget(address: string): Promise<number>;
  /** Closes pooled connections (shutdown). */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Small ports.

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** An opaque, URL-safe, unguessable id that sorts by creation time. */
  next(): string;
}

/** Operational counters for admins (API.md §5): how many and how long, never who or what. */
export const metricCounters = [
  "generationsStarted",
  "generationsSucceeded",
  "generationsFailed",
  "generationsCanceled",
  "uploads",
  "rateLimited",
  "deletions",
  "webhookRejections",
] as const;
export type MetricCounter = (typeof metricCounters)[number];

/** Records in memory only (never awaits, never throws): whoever owns it flushes to the store off the request path. */
export interface MetricsRecorder {
  count(counter: MetricCounter, by?: number): void;
  /** One finished prediction's model run time. */
  observeModelSeconds(seconds: number): void;
}

/**
 * The only field names a log line may carry besides its message: ids of our own records, counts, error class names
 * and settings names. Adding one is a review decision; a field not listed here never reaches a log line.
 */
export const logFieldNames = [
  "requestId",
  "error",
  "reason",
  "reasons",
  "generation",
  "prediction",
  "webhook",
  "deletionId",
  "noticeId",
  "task",
  "outcome",
  "modelSeconds",
  "outputs",
  "failed",
  "of",
  "failures",
  "n",
  "port",
  "keks",
  "linkKey",
  "auditKey",
] as const;
export type LogField = (typeof logFieldNames)[number];
export type LogFields = { readonly [K in LogField]?: string | number | boolean | null };

/** One line per request: the route pattern, never the raw path (paths carry ids and signed-link secrets). */
export interface RequestLogEntry {
  requestId: string;
  method: string;
  /** The matched route pattern, e.g. "/v1/generations/:id", or "(unmatched)". */
  route: string;
  status: number;
  latencyMs: number;
  /** The X-Cloud-Trace-Context header as received, or null. */
  traceContext: string | null;
}

/** How shipping logs off the machine (Axiom) fares, for /v1/health. */
export interface LogSinkState {
  /** "degraded" while the last delivery failed or the buffer is full. */
  state: "ok" | "degraded";
  /** Events dropped since start: buffer full, delivery failed, or refused by the receiver. */
  dropped: number;
  buffered: number;
}

/** Structured, secret-free logging: never pass prompts, images, tokens, emails, IPs or uids. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  request(entry: RequestLogEntry): void;
}

/**
 * Hands an account erasure to a worker outside the request that asked for it: a Cloud Tasks queue in production
 * (retried with backoff), the API's own process locally. The deletion sweeper remains the safety net.
 */
export interface DeletionJobs {
  /** Schedules one run of the erasure `deletionId`. Enqueuing the same id again is harmless. */
  enqueue(deletionId: string): Promise<void>;
}

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Rate limits, concurrency and quotas (Redis in every environment).

/** A rate policy: `limit` requests per `windowSeconds`, refilling smoothly. */
export interface RatePolicy {
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request would be admitted (0 when allowed). */
  retryAfterSeconds: number;
}

export interface LeaseDecision {
  acquired: boolean;
  /** Present when acquired; pass it to release(). */
  leaseId: string | null;
  holders: number;
  retryAfterSeconds: number;
}

export interface QuotaDecision {
  reserved: boolean;
  /** Present when reserved; pass it to commit() or refund(). */
  reservationId: string | null;
  used: number;
  limit: number;
  /** Seconds until the quota window (a UTC day) resets. */
  resetSeconds: number;
}

/**
 * Every call is one atomic step in Redis using Redis' own clock, so decisions are exact across any number
 * of API processes. Any failure to reach Redis throws RateLimiterUnavailable (callers fail closed).
 */
/** Starting one unit of costly work: a rate unit, an in-flight lease and quota reservations, decided together. */
export interface AdmissionRequest {
  rate: { key: string; policy: RatePolicy };
  lease: { key: string; limit: number; leaseSeconds: number };
  /** One reservation per amount, all or none. */
  quota: { key: string; amounts: readonly number[]; limit: number };
}

/**
 * What `admit` decided, in the order it checks: the rate first (refused: nothing is spent), then the lease, then the
 * quota; a refused lease or quota leaves the rate unit spent and takes nothing else.
 */
export type Admission =
  | { outcome: "rate-limited"; rate: RateDecision }
  | { outcome: "lease-refused"; rate: RateDecision; lease: LeaseDecision }
  | { outcome: "quota-refused"; rate: RateDecision; quota: QuotaDecision }
  | { outcome: "admitted"; rate: RateDecision; leaseId: string; reservationIds: string[] };

export interface RateLimiter {
  hit(key: string, policy: RatePolicy, cost?: number): Promise<RateDecision>;
  /** A rate hit, an in-flight lease and quota reservations as one atomic decision (one round trip); keys share one {hash tag}. */
  admit(request: AdmissionRequest): Promise<Admission>;
  release(key: string, leaseId: string): Promise<void>;
  reserve(key: string, amount: number, limit: number): Promise<QuotaDecision>;
  /** Makes a reservation final (it can no longer be refunded). Idempotent. */
  commit(key: string, reservationId: string): Promise<void>;
  /** Gives a reservation back. Idempotent: a second refund of the same reservation changes nothing. */
  refund(key: string, reservationId: string): Promise<void>;
  used(key: string): Promise<number>;
  /** Removes every limiter key of a subject, e.g. "u:<uid>" (account deletion). */
  forget(subject: string): Promise<void>;
}

export class RateLimiterUnavailable extends Error {
  constructor() {
    super("rate limiter unavailable");
    this.name = "RateLimiterUnavailable";
  }
}

/** Read-only look into the Redis keyspace, for the residue scanner: every key whose name contains `text`. */
export interface KeyInspector {
  keysContaining(text: string): Promise<string[]>;
}

/** A random salt shared by every API instance for one UTC day, for hashing client IPs. */
export interface DailySalt {
  current(): Promise<Uint8Array>;
}

// ---------------------------------------------------------------------------------------------
// KeyRing: key-encryption keys (KEKs) that wrap each user's data key. Env-held keys locally, KMS in production.

/** A data key as stored: which KEK wrapped it, and the wrapped bytes. */
export interface WrappedKey {
  kekId: string;
  wrapped: Uint8Array;
}

export interface KeyRing {
  /** The newest KEK: every new wrap uses it. */
  readonly activeKekId: string;
  /** Wraps a data key under the active KEK, bound to the user. */
  wrap(uid: string, dataKey: Uint8Array): Promise<WrappedKey>;
  /** Unwraps with the KEK the key names. Tampered, moved or wrongly keyed: DecryptionError. */
  unwrap(uid: string, key: WrappedKey): Promise<Uint8Array>;
}

// ---------------------------------------------------------------------------------------------
// ImageCodec: decoding and encoding untrusted images (sharp locally and in production).

export type ImageFormat = "png" | "jpeg" | "webp";

export interface EncodedImage {
  bytes: Uint8Array;
  format: ImageFormat;
  width: number;
  height: number;
}

/** What the header says, read without decoding pixels. */
export interface ImageHeader {
  format: ImageFormat | "other";
  width: number;
  height: number;
}

export interface ImageCodec {
  /** Reads the header only. Throws ImageCodecError. */
  probe(bytes: Uint8Array, maxPixels: number): Promise<ImageHeader>;
  /**
   * Fully decodes (refusing corrupt data and more than maxPixels), applies the orientation, converts to sRGB
   * and re-encodes in `format` with no metadata at all (EXIF, GPS, XMP, IPTC, ICC, comments).
   */
  sanitize(bytes: Uint8Array, format: ImageFormat, maxPixels: number): Promise<EncodedImage>;
  /** A small preview of an already sanitized image, fitting inside size × size. */
  thumbnail(bytes: Uint8Array, size: number): Promise<EncodedImage>;
  /** Converts a sanitized image to `format`, scaled down to `width` when given (never up). */
  transcode(bytes: Uint8Array, format: ImageFormat, width?: number): Promise<EncodedImage>;
  /** Measures a sanitized image's background and subject (marketplace checks). */
  analyze(bytes: Uint8Array, options: AnalyzeOptions): Promise<ImageAnalysis>;
  /** Crops a sanitized image to `plan.crop` and centers it on an opaque pure-white canvas; always PNG. */
  reframe(bytes: Uint8Array, plan: ReframePlan): Promise<EncodedImage>;
}

export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface AnalyzeOptions {
  /** Thickness of the outer border band, as a share of the shorter side (at least one pixel). */
  borderBand: number;
  /** A pixel whose every channel is at least this (after flattening onto white) counts as near-white background. */
  nearWhiteMin: number;
}

export interface ImageAnalysis {
  width: number;
  height: number;
  /** Share of border-band pixels that are exactly 255,255,255. */
  whiteBorderShare: number;
  /** Share of border-band pixels that are near-white. */
  nearWhiteBorderShare: number;
  /** Bounding box of every pixel that is not near-white; null when there is none. */
  subject: PixelBox | null;
}

export interface ReframePlan {
  crop: PixelBox;
  canvasWidth: number;
  canvasHeight: number;
  /** The crop is scaled (up or down) to fit inside this share of the canvas on both axes. */
  fit: number;
}

export type ImageCodecErrorCode = "corrupt" | "too-many-pixels" | "unsupported";

export class ImageCodecError extends Error {
  constructor(
    readonly code: ImageCodecErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ImageCodecError";
  }
}

// ---------------------------------------------------------------------------------------------
// Image models (Replicate) and fetching their outputs.

export type PredictionStatus = "starting" | "processing" | "succeeded" | "failed" | "canceled";

export interface Prediction {
  id: string;
  status: PredictionStatus;
  /** Output URLs once succeeded (Replicate deletes them after an hour: fetch at once). */
  output: string[];
  error: string | null;
  logs: string | null;
  /** The model's run time in seconds, once finished (Replicate's metrics.predict_time); absent when unknown. */
  modelSeconds?: number;
}

export interface CreatePrediction {
  model: string;
  input: Record<string, unknown>;
  /** Where the model calls back (events: start, completed); null disables webhooks. */
  webhookUrl: string | null;
}

export type ImageModelErrorCode = "rejected" | "unavailable";

export class ImageModelError extends Error {
  constructor(
    readonly code: ImageModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ImageModelError";
  }
}

export interface ImageModel {
  create(request: CreatePrediction): Promise<Prediction>;
  get(id: string): Promise<Prediction>;
  /** `timeoutMs` bounds this call below the client's default (a cancel is awaited inside a user's request). */
  cancel(id: string, options?: { timeoutMs?: number }): Promise<Prediction>;
  /** The signing secret of the account's webhooks ("whsec_…"). */
  webhookSecret(): Promise<string>;
  /** Reads a prediction in the service's wire format (a webhook body); null when it is not one. */
  parsePrediction(payload: unknown): Prediction | null;
  ping(): Promise<void>;
}

/** Downloads a model output: only from allowed hosts, within a byte limit and a time limit. */
export interface OutputFetcher {
  fetch(url: string): Promise<Uint8Array>;
}

/**
 * Remembers ids for a while (webhook de-duplication across instances). Losing its memory is harmless: every effect
 * behind it is guarded by a store transaction; it only spares the repeated work.
 */
export interface ReplayGuard {
  /** True the first time `id` is seen within `ttlSeconds`, false for every repeat. */
  firstSeen(id: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets `id`, so its next delivery counts as first again (the work behind it failed and must be retried). */
  forget(id: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Archives: the account export's streamed ZIP (archiver).

export interface ArchiveWriter {
  /** The archive's bytes; pipe it to the response. */
  readonly stream: Readable;
  /** Adds one entry; `compress: false` stores it as is (images are compressed already). */
  add(name: string, data: string | readonly Uint8Array[], options: { compress: boolean }): Promise<void>;
  /** Writes the central directory; resolves when the last byte has been handed to `stream`'s reader. */
  finish(): Promise<void>;
}
