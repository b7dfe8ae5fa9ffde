/**
 * The browser's client for the Bez API. Every call carries the user's Firebase ID token; every failure becomes
 * an ApiError with words a jeweler understands (and the request id for support).
 */
import "@/lib/zod-setup";
import {
  AccessTokenList,
  AdminUser,
  AuditPage,
  AuditVerification,
  CreateNoticeRequest,
  Metrics,
  type MetricsQuery,
  Notice,
  NoticeAccepted,
  NoticeList,
  NoticePreview,
  NoticePreviewRequest,
  RoleChange,
  RoleChangeRequest,
  type AuditQuery,
  type NoticeAudience,
  type Role,
  CallerIp,
  ConsentRequest,
  CreateTokenRequest,
  CreatedAccessToken,
  DeleteAccountRequest,
  DeletionAccepted,
  DeletionReceipt,
  IpLockRequest,
  RestrictionRequest,
  UserSettings,
  CreateGenerationRequest,
  Generation,
  GenerationAccepted,
  GenerationEvent,
  GenerationList,
  ImageList,
  ImageRecord,
  ImageWithLink,
  Me,
  MarketplaceFix,
  PatchMeRequest,
  Preset,
  Problem,
  currentPolicyVersion,
  imageMediaTypes,
  terminalStatuses,
  type ImageFormat,
  type ImageKind,
  type ProblemFieldError,
} from "@bez/contracts";
import { z } from "zod";
import { limitMessage, problemMessages, type LimitKind } from "./problem-messages";
import { SseParser } from "./sse";

export type ApiErrorKind = "problem" | "network" | "unexpected" | "aborted";

/** What a 429 said about the limit that was hit (from the IETF RateLimit headers and Retry-After). */
export interface LimitInfo {
  kind: LimitKind;
  /** The policy's name as the API sent it, e.g. "generations". */
  policy: string | null;
  quota: number | null;
  /** `RateLimit: r=`: what is left of the named policy (0: that policy is the one that was hit). */
  remaining: number | null;
  retryAfterSeconds: number | null;
  /** When the limit resets (from `RateLimit: t=`), if the API said. */
  resetsAt: Date | null;
}

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly kind: ApiErrorKind,
    /** Plain-words headline. */
    readonly title: string,
    /** Plain-words explanation and what to do next. */
    readonly detail: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly requestId: string | null,
    readonly fieldErrors: ProblemFieldError[] = [],
    /** Set on 429 answers. */
    readonly limit: LimitInfo | null = null,
  ) {
    super(title);
  }

  /** The message for one field (e.g. "displayName"), if the API named it. */
  fieldError(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
  }
}

export type TokenSource = () => Promise<string>;

/** The audit log's filters as the API takes them (every field optional; from/to are ISO date-times). */
export type AuditFilters = Partial<Pick<AuditQuery, "action" | "actor" | "targetType" | "targetId" | "from" | "to">>;

/** A file fetched with the Bearer token, to be saved by the browser. */
export interface DownloadedFile {
  blob: Blob;
  /** From Content-Disposition, else a sensible default. */
  filename: string;
}

export interface ImageListOptions {
  kind?: ImageKind;
  cursor?: string | null;
  limit?: number;
}

export interface ImageContentOptions {
  format?: ImageFormat;
  width?: number;
  signal?: AbortSignal;
}

export interface UploadOptions {
  /** Called with 0..1 as the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface EventStreamOptions {
  signal?: AbortSignal;
  /** Resume after this event id (sent as `Last-Event-ID`). */
  lastEventId?: string;
  onEvent(event: GenerationEvent, lastEventId: string): void;
}

export interface ApiClient {
  getMe(): Promise<Me>;
  patchMe(body: PatchMeRequest): Promise<Me>;
  recordConsent(): Promise<Me>;

  listImages(options?: ImageListOptions): Promise<ImageList>;
  /** The record and a signed link to its content, valid for a few minutes. */
  getImage(id: string): Promise<ImageWithLink>;
  deleteImage(id: string): Promise<void>;
  /** The image's bytes, fetched with the Bearer token (for downloads and canvas work). */
  fetchImage(id: string, options?: ImageContentOptions): Promise<Blob>;
  /** Uploads raw image bytes with per-byte progress (XMLHttpRequest: fetch() has no upload progress). */
  uploadImage(file: Blob, format: ImageFormat, options?: UploadOptions): Promise<ImageRecord>;

  listPresets(): Promise<Preset[]>;
  createGeneration(body: CreateGenerationRequest, idempotencyKey: string): Promise<GenerationAccepted>;
  listGenerations(options?: { cursor?: string | null; limit?: number }): Promise<GenerationList>;
  getGeneration(id: string): Promise<Generation>;
  cancelGeneration(id: string): Promise<void>;
  marketplaceFix(imageId: string): Promise<MarketplaceFix>;
  /**
   * Follows `GET /v1/generations/{id}/events` until the stream ends. Resolves with true when a terminal status
   * arrived, false when the stream closed before one (the caller reconnects).
   */
  streamGenerationEvents(id: string, options: EventStreamOptions): Promise<boolean>;

  /** The address the API sees this browser at (for the IP lock). */
  getCallerIp(): Promise<CallerIp>;
  setIpLock(body: IpLockRequest): Promise<UserSettings>;
  /** Emails the owner a single-use link that turns their IP lock off; works from outside the lock. */
  requestIpUnlockLink(): Promise<void>;
  setRestriction(restricted: boolean): Promise<Me>;
  listTokens(): Promise<AccessTokenList>;
  createToken(body: CreateTokenRequest): Promise<CreatedAccessToken>;
  revokeToken(id: string): Promise<void>;
  /** The whole account as a zip, read with the Bearer token; `onProgress` gets the bytes received so far. */
  exportAccount(options?: { onProgress?: (bytes: number) => void; signal?: AbortSignal }): Promise<Blob>;
  /** `DELETE /v1/me`; answers 403 `recent-login-required` when the sign-in is older than five minutes. */
  deleteAccount(): Promise<DeletionAccepted>;

  listNotices(options?: { cursor?: string | null; limit?: number }): Promise<NoticeList>;
  readNotice(id: string): Promise<Notice>;
  /** Policy notices: acknowledged (and read); the banner goes away. */
  acknowledgeNotice(id: string): Promise<Notice>;

  listAudit(filters: AuditFilters, options?: { cursor?: string | null; limit?: number }): Promise<AuditPage>;
  verifyAudit(range: Pick<AuditFilters, "from" | "to">): Promise<AuditVerification>;
  exportAudit(filters: AuditFilters): Promise<DownloadedFile>;
  /** 404 `not-found` when no account uses that email. */
  findUser(email: string): Promise<AdminUser>;
  /** 409 `conflict` when an admin tries to change their own role. */
  setRole(uid: string, role: Role): Promise<RoleChange>;
  previewNotice(audience: NoticeAudience): Promise<NoticePreview>;
  sendNotice(body: CreateNoticeRequest): Promise<NoticeAccepted>;
  /** Operational counts per hour or day (admin, auditor); no user data. */
  getMetrics(range: MetricsQuery): Promise<Metrics>;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const PresetList = z.array(Preset);
const Nothing = z.unknown();

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null) search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

export function createApiClient(baseUrl: string, getToken: TokenSource): ApiClient {
  async function bearer(): Promise<string> {
    try {
      return `Bearer ${await getToken()}`;
    } catch (err) {
      throw tokenError(err);
    }
  }

  /** fetch() with the token; network failures and aborts become ApiErrors, problem answers too. */
  async function send(
    method: Method,
    path: string,
    init: { accept?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const authorization = await bearer();
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Accept: init.accept ?? "application/json",
          Authorization: authorization,
          ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
        signal: init.signal,
      });
    } catch (err) {
      if (init.signal?.aborted) throw abortedError();
      void err;
      throw networkError();
    }
    if (!response.ok) {
      const payload = await readJson(response);
      throw toApiError(response.status, payload, response.headers.get("x-request-id"), response.headers);
    }
    return response;
  }

  async function call<T extends z.ZodType>(
    method: Method,
    path: string,
    schema: T,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<z.infer<T>> {
    const response = await send(method, path, { body, headers });
    const requestId = response.headers.get("x-request-id");
    const payload = await readJson(response);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw unexpectedAnswer(response.status, requestId);
    return parsed.data;
  }

  function uploadImage(file: Blob, format: ImageFormat, options: UploadOptions = {}): Promise<ImageRecord> {
    return bearer().then(
      (authorization) =>
        new Promise<ImageRecord>((resolve, reject) => {
          const { signal, onProgress } = options;
          if (signal?.aborted) return reject(abortedError());
          const xhr = new XMLHttpRequest();
          xhr.open("POST", `${baseUrl}/v1/images`);
          xhr.setRequestHeader("Authorization", authorization);
          xhr.setRequestHeader("Content-Type", imageMediaTypes[format]);
          xhr.setRequestHeader("Accept", "application/json");
          xhr.responseType = "text";
          xhr.upload.onprogress = (e) => {
            if (e.lengthComputable && e.total > 0) onProgress?.(Math.min(1, e.loaded / e.total));
          };
          const onAbort = () => xhr.abort();
          signal?.addEventListener("abort", onAbort, { once: true });
          const done = () => signal?.removeEventListener("abort", onAbort);
          xhr.onabort = () => {
            done();
            reject(abortedError());
          };
          xhr.onerror = () => {
            done();
            reject(networkError());
          };
          xhr.onload = () => {
            done();
            const payload = parseJson(xhr.responseText);
            const requestId = xhr.getResponseHeader("x-request-id");
            if (xhr.status < 200 || xhr.status >= 300) {
              return reject(toApiError(xhr.status, payload, requestId, headersOf(xhr)));
            }
            const parsed = ImageRecord.safeParse(payload);
            if (!parsed.success) return reject(unexpectedAnswer(xhr.status, requestId));
            onProgress?.(1);
            resolve(parsed.data);
          };
          xhr.send(file);
        }),
    );
  }

  async function streamGenerationEvents(id: string, options: EventStreamOptions): Promise<boolean> {
    const response = await send("GET", `/v1/generations/${encodeURIComponent(id)}/events`, {
      accept: "text/event-stream",
      signal: options.signal,
      headers: options.lastEventId ? { "Last-Event-ID": options.lastEventId } : undefined,
    });
    if (!response.body) throw unexpectedAnswer(response.status, response.headers.get("x-request-id"));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    parser.lastEventId = options.lastEventId ?? "";
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<string>;
        try {
          chunk = await reader.read();
        } catch {
          if (options.signal?.aborted) throw abortedError();
          return false; // the connection dropped: the caller reconnects
        }
        if (chunk.done) return false;
        for (const message of parser.push(chunk.value)) {
          if (message.event !== "status") continue;
          let payload: unknown;
          try {
            payload = JSON.parse(message.data);
          } catch {
            continue;
          }
          const event = GenerationEvent.safeParse(payload);
          if (!event.success) continue;
          options.onEvent(event.data, message.lastEventId);
          if (terminalStatuses.includes(event.data.status)) return true;
        }
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
  }

  return {
    getMe: () => call("GET", "/v1/me", Me),
    patchMe: (body) => call("PATCH", "/v1/me", Me, PatchMeRequest.parse(body)),
    recordConsent: () =>
      call("POST", "/v1/me/consent", Me, ConsentRequest.parse({ ageConfirmed: true, policyVersion: currentPolicyVersion })),

    listImages: ({ kind, cursor, limit } = {}) => call("GET", `/v1/images${query({ kind, cursor, limit })}`, ImageList),
    getImage: (id) => call("GET", `/v1/images/${encodeURIComponent(id)}`, ImageWithLink),
    deleteImage: async (id) => {
      await send("DELETE", `/v1/images/${encodeURIComponent(id)}`);
    },
    fetchImage: async (id, { format, width, signal } = {}) => {
      const response = await send("GET", `/v1/images/${encodeURIComponent(id)}/content${query({ format, width })}`, {
        accept: "image/*",
        signal,
      });
      try {
        return await response.blob();
      } catch {
        if (signal?.aborted) throw abortedError();
        throw networkError();
      }
    },
    uploadImage,

    listPresets: () => call("GET", "/v1/presets", PresetList),
    createGeneration: async (body, idempotencyKey) => {
      try {
        return await call("POST", "/v1/generations", GenerationAccepted, CreateGenerationRequest.parse(body), {
          "Idempotency-Key": idempotencyKey,
        });
      } catch (err) {
        throw classifyGenerationLimit(err);
      }
    },
    listGenerations: ({ cursor, limit } = {}) => call("GET", `/v1/generations${query({ cursor, limit })}`, GenerationList),
    getGeneration: (id) => call("GET", `/v1/generations/${encodeURIComponent(id)}`, Generation),
    cancelGeneration: async (id) => {
      await call("POST", `/v1/generations/${encodeURIComponent(id)}/cancel`, Nothing);
    },
    marketplaceFix: (imageId) => call("POST", `/v1/images/${encodeURIComponent(imageId)}/marketplace-fix`, MarketplaceFix),
    streamGenerationEvents,

    getCallerIp: () => call("GET", "/v1/me/ip", CallerIp),
    setIpLock: (body) => call("PUT", "/v1/me/ip-lock", UserSettings, IpLockRequest.parse(body)),
    requestIpUnlockLink: async () => {
      await send("POST", "/v1/me/ip-lock/unlock-link");
    },
    setRestriction: (restricted) => call("PUT", "/v1/me/restriction", Me, RestrictionRequest.parse({ restricted })),
    listTokens: () => call("GET", "/v1/me/tokens", AccessTokenList),
    createToken: (body) => call("POST", "/v1/me/tokens", CreatedAccessToken, CreateTokenRequest.parse(body)),
    revokeToken: async (id) => {
      await send("DELETE", `/v1/me/tokens/${encodeURIComponent(id)}`);
    },
    exportAccount: async ({ onProgress, signal } = {}) => {
      const response = await send("GET", "/v1/me/export", { accept: "application/zip", signal });
      try {
        if (!response.body) return await response.blob();
        const reader = response.body.getReader();
        const chunks: Uint8Array<ArrayBuffer>[] = [];
        let received = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          received += value.byteLength;
          onProgress?.(received);
        }
        return new Blob(chunks, { type: "application/zip" });
      } catch {
        if (signal?.aborted) throw abortedError();
        // The API cuts the connection when an archive breaks half-way.
        throw new ApiError(
          "network",
          "The download stopped before it finished",
          "Your data is safe. Please try the export again; if it keeps stopping, contact support.",
          null,
          null,
          response.headers.get("x-request-id"),
        );
      }
    },
    deleteAccount: () => call("DELETE", "/v1/me", DeletionAccepted, DeleteAccountRequest.parse({ confirm: "DELETE" })),

    listNotices: ({ cursor, limit } = {}) => call("GET", `/v1/me/notices${query({ cursor, limit })}`, NoticeList),
    readNotice: (id) => call("POST", `/v1/me/notices/${encodeURIComponent(id)}/read`, Notice),
    acknowledgeNotice: (id) => call("POST", `/v1/me/notices/${encodeURIComponent(id)}/acknowledge`, Notice),

    listAudit: (filters, { cursor, limit } = {}) => call("GET", `/v1/admin/audit${query({ ...filters, cursor, limit })}`, AuditPage),
    verifyAudit: ({ from, to }) => call("GET", `/v1/admin/audit/verify${query({ from, to })}`, AuditVerification),
    exportAudit: async (filters) => {
      const response = await send("GET", `/v1/admin/audit/export${query({ ...filters })}`, { accept: "text/csv" });
      const filename = attachmentName(response.headers.get("content-disposition")) ?? `bez-audit-${new Date().toISOString().slice(0, 10)}.csv`;
      try {
        return { blob: await response.blob(), filename };
      } catch {
        throw networkError();
      }
    },
    findUser: (email) => call("GET", `/v1/admin/users${query({ email })}`, AdminUser),
    setRole: (uid, role) => call("PUT", `/v1/admin/users/${encodeURIComponent(uid)}/role`, RoleChange, RoleChangeRequest.parse({ role })),
    previewNotice: (audience) => call("POST", "/v1/admin/notices/preview", NoticePreview, NoticePreviewRequest.parse({ audience })),
    sendNotice: (body) => call("POST", "/v1/admin/notices", NoticeAccepted, CreateNoticeRequest.parse(body)),
    getMetrics: ({ from, to, bucket }) => call("GET", `/v1/admin/metrics${query({ from, to, bucket })}`, Metrics),
  };
}

/** `POST /v1/ip-lock/unlock`: redeems an emailed unlock link (no sign-in; the link's secret is the credential). */
export async function redeemIpUnlockLink(baseUrl: string, token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/v1/ip-lock/unlock`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ token }),
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw toApiError(response.status, await readJson(response), response.headers.get("x-request-id"), response.headers);
}

/** `GET /v1/deletions/{id}`: the public receipt of an erasure (no sign-in; the id is the credential). */
export async function fetchDeletionReceipt(baseUrl: string, id: string, signal?: AbortSignal): Promise<DeletionReceipt> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/v1/deletions/${encodeURIComponent(id)}`, {
      headers: { Accept: "application/json" },
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
      signal,
    });
  } catch {
    if (signal?.aborted) throw abortedError();
    throw networkError();
  }
  const requestId = response.headers.get("x-request-id");
  const payload = await readJson(response);
  if (!response.ok) throw toApiError(response.status, payload, requestId, response.headers);
  const parsed = DeletionReceipt.safeParse(payload);
  if (!parsed.success) throw unexpectedAnswer(response.status, requestId);
  return parsed.data;
}

/** The file name a `Content-Disposition: attachment; filename="…"` header suggests (no paths). */
function attachmentName(header: string | null): string | null {
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header ?? "")?.[1];
  if (!name) return null;
  let plain = name;
  try {
    plain = decodeURIComponent(name);
  } catch {
    // not percent-encoded after all: keep it as sent
  }
  return plain.replace(/[\\/]/g, "_").trim() || null;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

async function readJson(response: Response): Promise<unknown> {
  return parseJson(await response.text().catch(() => ""));
}

/** The few response headers toApiError reads, from an XMLHttpRequest. */
function headersOf(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  for (const name of ["retry-after", "ratelimit", "ratelimit-policy"]) {
    const value = xhr.getResponseHeader(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** Reads `RateLimit-Policy: "name";q=10;w=60`, `RateLimit: "name";r=0;t=42` and `Retry-After`. */
export function readLimit(headers: Headers | undefined, now = Date.now()): LimitInfo {
  const policyHeader = headers?.get("ratelimit-policy") ?? "";
  const limitHeader = headers?.get("ratelimit") ?? "";
  const policy = /"([^"]+)"/.exec(policyHeader)?.[1] ?? /"([^"]+)"/.exec(limitHeader)?.[1] ?? null;
  const quota = Number(/;\s*q=(\d+)/.exec(policyHeader)?.[1] ?? NaN);
  const reset = Number(/;\s*t=(\d+)/.exec(limitHeader)?.[1] ?? NaN);
  const remaining = Number(/;\s*r=(\d+)/.exec(limitHeader)?.[1] ?? NaN);
  const retryHeader = headers?.get("retry-after") ?? "";
  const retry = /^\d+$/.test(retryHeader.trim()) ? Number(retryHeader.trim()) : NaN;
  const seconds = Number.isFinite(reset) ? reset : Number.isFinite(retry) ? retry : NaN;
  return {
    kind: limitKindOf(policy),
    policy,
    quota: Number.isFinite(quota) ? quota : null,
    remaining: Number.isFinite(remaining) ? remaining : null,
    retryAfterSeconds: Number.isFinite(retry) ? retry : null,
    resetsAt: Number.isFinite(seconds) ? new Date(now + seconds * 1000) : null,
  };
}

/**
 * A 429 from POST /v1/generations is one of three limits. The per-minute one names its policy ("generations");
 * the in-flight limit and the daily allowance send only Retry-After: seconds for the former, the time to
 * midnight UTC for the latter.
 */
function classifyGenerationLimit(err: unknown): unknown {
  if (!(err instanceof ApiError) || !err.limit || err.code !== "quota-exceeded") return err;
  if (err.limit.kind !== "other" || err.limit.remaining === 0) return err;
  const retry = err.limit.retryAfterSeconds ?? 0;
  const kind: LimitKind = retry > 120 ? "daily" : "running";
  const limit: LimitInfo = { ...err.limit, kind, resetsAt: kind === "daily" ? new Date(Date.now() + retry * 1000) : err.limit.resetsAt };
  const words = limitMessage(kind, limit);
  return new ApiError(err.kind, words.title, words.detail, err.status, err.code, err.requestId, err.fieldErrors, limit);
}

function limitKindOf(policy: string | null): LimitKind {
  const name = (policy ?? "").toLowerCase();
  if (/daily|quota|per-day|images/.test(name)) return "daily";
  if (/flight|running|concurren|parallel/.test(name)) return "running";
  if (/upload/.test(name)) return "uploads";
  if (/^generations?$/.test(name) || /generation.*(rate|minute)/.test(name)) return "pace";
  return "other";
}

export function toApiError(status: number, payload: unknown, headerRequestId: string | null, headers?: Headers): ApiError {
  const problem = Problem.safeParse(payload);
  if (status === 429 && (!problem.success || problem.data.code === "quota-exceeded")) {
    const limit = readLimit(headers);
    const w = limitMessage(limit.kind, limit);
    const requestId = problem.success ? problem.data.requestId : headerRequestId;
    return new ApiError("problem", w.title, w.detail, status, "quota-exceeded", requestId, [], limit);
  }
  if (problem.success) {
    const p = problem.data;
    const words = problemMessages[p.code];
    // Validation messages from the API are written for people ("Display name is at most 80 characters").
    return new ApiError("problem", words.title, words.detail, status, p.code, p.requestId ?? headerRequestId, p.errors ?? []);
  }
  if (status === 401) {
    const w = problemMessages.unauthenticated;
    return new ApiError("problem", w.title, w.detail, status, "unauthenticated", headerRequestId);
  }
  if (status >= 500) {
    const w = status === 503 || status === 502 || status === 504 ? problemMessages["dependency-unavailable"] : problemMessages.internal;
    return new ApiError("problem", w.title, w.detail, status, null, headerRequestId);
  }
  return new ApiError(
    "unexpected",
    "Something didn't work",
    "Please try again. If it keeps happening, contact support with the reference below.",
    status,
    null,
    headerRequestId,
  );
}

function unexpectedAnswer(status: number, requestId: string | null): ApiError {
  return new ApiError(
    "unexpected",
    "Bez sent an answer we didn't understand",
    "Please reload the page. If it keeps happening, contact support with the reference below.",
    status,
    null,
    requestId,
  );
}

function abortedError(): ApiError {
  return new ApiError("aborted", "Stopped", "You stopped this.", null, null, null);
}

function networkError(): ApiError {
  return new ApiError(
    "network",
    "We can't reach Bez right now",
    "Please check your internet connection and try again in a moment.",
    null,
    null,
    null,
  );
}

/** Getting a fresh ID token failed: offline, or the session is gone. */
function tokenError(err: unknown): ApiError {
  const code = err && typeof err === "object" && "code" in err ? String((err as { code: unknown }).code) : "";
  if (code === "auth/network-request-failed") return networkError();
  const w = problemMessages.unauthenticated;
  return new ApiError("problem", w.title, w.detail, 401, "unauthenticated", null);
}

/** Turns anything thrown into an ApiError, so the UI has one shape to show. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(
    "unexpected",
    "Something didn't work",
    "Please try again. If it keeps happening, reload the page.",
    null,
    null,
    null,
  );
}
