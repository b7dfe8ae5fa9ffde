/**
 * Every endpoint of the API (API.md §3 and what functions/src/http/routes adds), each with the generator of its
 * fuzz cases. Built from the actors at the moment an endpoint's run starts (signed links live five minutes).
 */
import { createHmac } from "node:crypto";
import fc from "fast-check";
import {
  ConsentRequest,
  CreateGenerationRequest,
  CreateNoticeRequest,
  CreateTokenRequest,
  DeleteAccountRequest,
  IpLockRequest,
  IpUnlockRequest,
  NoticePreviewRequest,
  PatchMeRequest,
  RestrictionRequest,
  RoleChangeRequest,
} from "@bez/contracts";
import { isValidIdempotencyKey } from "../../../functions/src/core/generation/idempotency.ts";
import { pngBomb, swatch } from "../../helpers/images.ts";
import {
  type BodyPart,
  type Part,
  type QueryPart,
  badValue,
  defect,
  headerValue,
  jsonBody,
  junkQuery,
  malformedId,
  noQuery,
  percentEncode,
  repeatedKey,
  sound,
  strayBody,
  unknownId,
} from "./arbitraries.ts";
import { type Credentials, type FuzzCase, type IdPart, routeCases } from "./route-cases.ts";
import type { Actors } from "./stack.ts";

export interface Endpoint {
  name: string;
  /** Which suite file runs it (the two run on separate workers). */
  group: "accounts" | "content";
  cases: (actors: Actors, images: SampleImages) => fc.Arbitrary<FuzzCase>;
}

/** Real images, made once, for upload cases. */
export interface SampleImages {
  png: Buffer;
  jpeg: Buffer;
  webp: Buffer;
}

export async function sampleImages(): Promise<SampleImages> {
  const image = swatch(40, 30);
  return { png: await image.clone().png().toBuffer(), jpeg: await image.clone().jpeg().toBuffer(), webp: await image.clone().webp().toBuffer() };
}

const bearer = (token: string): [string, string][] => [["authorization", `Bearer ${token}`]];

/** The account's own sessions: an ID token and a personal access token. */
const asUser = (a: Actors): Credentials => ({ allowed: [bearer(a.alice.idToken), bearer(a.alice.pat)], pats: [a.alice.pat] });
/** Routes a personal access token may not call. */
const asSession = (a: Actors): Credentials => ({ allowed: [bearer(a.alice.idToken)], refused: [bearer(a.alice.pat)], pats: [a.alice.pat] });
const asAdmin = (a: Actors): Credentials => ({
  allowed: [bearer(a.admin.idToken)],
  refused: [bearer(a.alice.idToken), bearer(a.alice.pat), bearer(a.bob.idToken)],
  pats: [a.alice.pat],
});
const asAnyone = (a: Actors): Credentials => ({ allowed: [[], bearer(a.alice.idToken)], public: true, pats: [a.alice.pat] });

/** Ids: the caller's own (sound, for reading routes only), another user's, unknown and malformed (all defects). */
function ids(own: readonly string[], foreign: readonly string[]): fc.Arbitrary<IdPart> {
  const options: fc.WeightedArbitrary<IdPart>[] = [
    { weight: 3, arbitrary: malformedId.map((raw) => ({ raw, defects: ["malformed id"] })) },
    { weight: 2, arbitrary: unknownId.map((raw) => ({ raw, defects: ["unknown id"] })) },
  ];
  if (foreign.length) options.push({ weight: 2, arbitrary: fc.constantFrom(...foreign).map((raw) => ({ raw, defects: ["another user's id"] })) });
  if (own.length) options.push({ weight: 3, arbitrary: fc.constantFrom(...own).map((raw) => ({ raw, defects: [] })) });
  return fc.oneof(...options);
}

/** A strict query (no keys, or only `known` ones with sound values), junk, repeated keys, and refused values. */
function strictQuery(known: Record<string, { sound: fc.Arbitrary<string>; refused: readonly string[] }> = {}): fc.Arbitrary<QueryPart> {
  const keys = Object.keys(known);
  const options: fc.WeightedArbitrary<QueryPart>[] = [
    { weight: 3, arbitrary: noQuery },
    { weight: 3, arbitrary: junkQuery(true, keys) },
  ];
  if (keys.length) {
    const soundPairs = fc
      .subarray(keys, { minLength: 1 })
      .chain((chosen) => fc.tuple(...chosen.map((key) => (known[key] as { sound: fc.Arbitrary<string> }).sound.map((value) => `${key}=${value}`))))
      .map((pairs): QueryPart => ({ pairs, defects: [] }));
    options.push({ weight: 3, arbitrary: soundPairs });
    options.push({ weight: 1, arbitrary: repeatedKey(keys, fc.constantFrom("1", "5", "a")) });
    for (const key of keys) options.push({ weight: 1, arbitrary: badValue(key, (known[key] as { refused: readonly string[] }).refused) });
  }
  return fc.oneof(...options);
}

/** A query the route never reads: anything goes, nothing is a defect. */
const ignoredQuery = fc.oneof(noQuery, junkQuery(false, []));

const listKeys = {
  limit: { sound: fc.integer({ min: 1, max: 100 }).map(String), refused: ["0", "-1", "101", "1.5", "abc", "1e309", "%00"] },
  cursor: { sound: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.string({ minLength: 1, maxLength: 40 }).map(percentEncode)), refused: ["", "c".repeat(1025)] },
};
const isoInstant = fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
const timeKeys = {
  from: { sound: isoInstant, refused: ["yesterday", "2026-13-45", "0", "%00", "9999999999999999"] },
  to: { sound: isoInstant, refused: ["tomorrow", "2026-02-30T25:00:00Z", "-1"] },
};
const auditKeys = {
  ...timeKeys,
  action: { sound: fc.constantFrom("account.created", "audit.viewed", "token.created"), refused: ["nope", "account.", "%00"] },
  actor: { sound: fc.stringMatching(/^[A-Za-z0-9]{1,28}$/), refused: ["a".repeat(129), ""] },
  targetType: { sound: fc.constantFrom("user", "image", "token"), refused: ["USER", "a1", "a".repeat(65)] },
  targetId: { sound: fc.stringMatching(/^[A-Za-z0-9_-]{1,28}$/), refused: ["t".repeat(129)] },
};

/** An upload's body: real images (sound only with the matching type) and every way an upload goes wrong. */
function uploadBody(images: SampleImages): fc.Arbitrary<BodyPart> {
  const real = fc.constantFrom(["image/png", images.png], ["image/jpeg", images.jpeg], ["image/webp", images.webp]) as fc.Arbitrary<[string, Buffer]>;
  const huge = Buffer.alloc(25 * 1024 * 1024 + 1, 0x41);
  return fc.oneof(
    { weight: 30, arbitrary: real.map(([type, bytes]): BodyPart => ({ headers: [["content-type", type]], body: bytes, defects: [] })) },
    {
      weight: 30,
      arbitrary: fc
        .tuple(fc.constantFrom("image/png", "image/jpeg", "image/webp"), fc.uint8Array({ minLength: 1, maxLength: 2000 }))
        .map(([type, bytes]): BodyPart => ({ headers: [["content-type", type]], body: bytes, defects: ["not an image"] })),
    },
    {
      weight: 20,
      arbitrary: fc
        .tuple(real, fc.constantFrom("image/png", "image/jpeg", "image/webp"))
        .filter(([[type], declared]) => type !== declared)
        .map(([[, bytes], declared]): BodyPart => ({ headers: [["content-type", declared]], body: bytes, defects: ["declared type does not match"] })),
    },
    {
      weight: 20,
      arbitrary: fc
        .tuple(real, fc.integer({ min: 0, max: 40 }))
        .map(([[type, bytes], keep]): BodyPart => ({ headers: [["content-type", type]], body: bytes.subarray(0, keep), defects: ["truncated image"] })),
    },
    { weight: 5, arbitrary: fc.constant<BodyPart>({ headers: [["content-type", "image/png"]], body: pngBomb(), defects: ["decompression bomb"] }) },
    {
      weight: 20,
      arbitrary: fc
        .tuple(real, fc.oneof(fc.constantFrom("", "application/json", "text/plain", "image/gif", "image/svg+xml", "image/png2", "application/octet-stream", "multipart/form-data; boundary=x"), headerValue))
        .filter(([, type]) => !/^\s*image\/(png|jpeg|webp)\s*(;|$)/i.test(type))
        .map(([[, bytes], type]): BodyPart => ({ headers: type ? [["content-type", type]] : [], body: bytes, defects: ["not an image type"] })),
    },
    // Rare: 25 MiB a time is slow on loopback, and the first one already shows the 413.
    { weight: 1, arbitrary: fc.constant<BodyPart>({ headers: [["content-type", "image/jpeg"]], body: huge, defects: ["over 25 MiB"] }) },
  );
}

/** Idempotency-Key: absent, sound, or malformed (a defect API.md answers with 400). */
const idempotencyKey: fc.Arbitrary<Part> = fc.oneof(
  fc.constant(sound()),
  fc.oneof(headerValue, fc.constantFrom("", " ", "k".repeat(256), "é", "a\tb")).map((key) => (isValidIdempotencyKey(key) ? sound([["idempotency-key", key]]) : defect("malformed Idempotency-Key", [["idempotency-key", key]]))),
);

/** Replicate deliveries: unsigned, wrongly signed, stale, and correctly signed bodies that are not predictions. */
function webhookDelivery(secret: string, known: readonly string[]): fc.Arbitrary<BodyPart> {
  // Ids of finished predictions (a replayed or altered delivery must change nothing), ids no document can have, and
  // rarely a well-formed unknown one (the API waits ~5 s for a prediction it does not know yet).
  const predictionIds = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...known) },
    { weight: 10, arbitrary: fc.oneof(fc.constantFrom("a/b", "..", ".", "__x__", "-", "_a", "p 1"), fc.string({ minLength: 1, maxLength: 300 }).filter((id) => !/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id))) },
    { weight: 1, arbitrary: fc.stringMatching(/^fz[a-z0-9]{24}$/) },
  );
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const sign = (id: string, timestamp: string, body: Buffer, withKey = key) => `v1,${createHmac("sha256", withKey).update(`${id}.${timestamp}.`).update(body).digest("base64")}`;
  const now = () => Math.floor(Date.now() / 1000);
  const bodies = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? "")),
    // Prediction-shaped, for predictions that do not exist (never one of the seeded ones).
    fc
      .record({ id: predictionIds, status: fc.oneof(fc.constantFrom("starting", "processing", "succeeded", "failed", "canceled", "aborted"), fc.string()), output: fc.jsonValue({ maxDepth: 2 }), logs: fc.jsonValue({ maxDepth: 1 }), metrics: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ["id", "status"] })
      .map((p) => Buffer.from(JSON.stringify(p))),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    fc.constantFrom(Buffer.alloc(0), Buffer.from("{"), Buffer.from('{"id":"","status":"succeeded"}'), Buffer.from('{"id":"a/b","status":"succeeded"}'), Buffer.from(JSON.stringify({ id: known[0], status: "succeeded", output: ["http://127.0.0.1:1/x.png"] }))),
  );
  const webhookId = fc.oneof(fc.stringMatching(/^msg_[A-Za-z0-9]{1,30}$/), headerValue);
  const json = (headers: [string, string][]): [string, string][] => [["content-type", "application/json"], ...headers];
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.option(webhookId), fc.option(fc.oneof(headerValue, fc.integer().map(String))), fc.option(fc.oneof(headerValue, fc.string().map((s) => `v1,${Buffer.from(s).toString("base64")}`))), bodies)
        .map(([id, ts, sig, body]): BodyPart => {
          const headers: [string, string][] = [];
          if (id !== null) headers.push(["webhook-id", id]);
          if (ts !== null) headers.push(["webhook-timestamp", ts]);
          if (sig !== null) headers.push(["webhook-signature", sig]);
          return { headers: json(headers), body, defects: ["unsigned"] };
        }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(webhookId, bodies, fc.uint8Array({ minLength: 32, maxLength: 32 })).map(([id, body, wrongKey]): BodyPart => {
        const ts = String(now());
        return { headers: json([["webhook-id", id], ["webhook-timestamp", ts], ["webhook-signature", sign(id, ts, body, Buffer.from(wrongKey))]]), body, defects: ["signed with another secret"] };
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(webhookId, bodies, fc.integer({ min: 301, max: 1_000_000_000 }), fc.boolean()).map(([id, body, skew, future]): BodyPart => {
        const ts = String(now() + (future ? skew : -skew));
        return { headers: json([["webhook-id", id], ["webhook-timestamp", ts], ["webhook-signature", sign(id, ts, body)]]), body, defects: ["stale timestamp"] };
      }),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.stringMatching(/^msg_fz[A-Za-z0-9]{1,30}$/), bodies, fc.constantFrom("", " v1,AAAA", "v1a,AAAA ")).map(([id, body, more]): BodyPart => {
        const ts = String(now());
        // Signed with the real secret: verified, then the body itself must be refused or name no known prediction.
        return { headers: json([["webhook-id", id], ["webhook-timestamp", ts], ["webhook-signature", `${sign(id, ts, body)}${more}`]]), body, defects: [] };
      }),
    },
  );
}

/** `{ token }` bodies whose token was never issued. */
const unlockBody = jsonBody(IpUnlockRequest, fc.record({ token: fc.string({ minLength: 1, maxLength: 200 }) }), 1024).map((part) => ({ ...part, defects: [...part.defects, "unknown unlock token"] }));

const validGeneration = fc.record(
  {
    preset: fc.constantFrom("packshot-white", "lifestyle-marble", "reference-background"),
    prompt: fc.string({ minLength: 1, maxLength: 60 }),
    aspectRatio: fc.constantFrom("1:1", "4:5", "16:9"),
    count: fc.integer({ min: 1, max: 4 }),
    seed: fc.nat(),
  },
  { requiredKeys: ["preset", "prompt"] },
);

export const endpoints: Endpoint[] = [
  { name: "GET /v1/health", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/health", credentials: asAnyone(a), query: ignoredQuery, mutates: false }) },
  { name: "GET /v1/health/live", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/health/live", credentials: asAnyone(a), query: ignoredQuery, mutates: false }) },
  { name: "GET /v1/me", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/me", credentials: asUser(a), query: ignoredQuery, mutates: false }) },
  {
    name: "PATCH /v1/me",
    group: "accounts",
    cases: (a) =>
      routeCases({
        method: "PATCH",
        path: "/v1/me",
        credentials: asSession(a),
        query: ignoredQuery,
        body: jsonBody(PatchMeRequest, fc.record({ displayName: fc.string({ minLength: 1, maxLength: 80 }), settings: fc.record({ analytics: fc.boolean() }) }, { requiredKeys: [] }), 8 * 1024),
        mutates: true,
      }),
  },
  {
    name: "POST /v1/me/consent",
    group: "accounts",
    cases: (a) =>
      routeCases({
        method: "POST",
        path: "/v1/me/consent",
        credentials: asSession(a),
        query: ignoredQuery,
        body: jsonBody(ConsentRequest, fc.constant({ ageConfirmed: true, policyVersion: "2026-11-01" }), 1024),
        mutates: true,
      }),
  },
  { name: "GET /v1/me/ip", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/me/ip", credentials: asSession(a), query: strictQuery(), mutates: false }) },
  {
    name: "PUT /v1/me/ip-lock",
    group: "accounts",
    cases: (a) =>
      routeCases({
        method: "PUT",
        path: "/v1/me/ip-lock",
        credentials: asSession(a),
        query: ignoredQuery,
        body: jsonBody(IpLockRequest, fc.record({ enabled: fc.boolean(), cidrs: fc.array(fc.constantFrom("127.0.0.1", "203.0.113.0/24", "2001:db8::/32", "::1"), { maxLength: 3 }) }), 16 * 1024),
        mutates: true,
      }),
  },
  {
    name: "PUT /v1/me/restriction",
    group: "accounts",
    cases: (a) => routeCases({ method: "PUT", path: "/v1/me/restriction", credentials: asSession(a), query: ignoredQuery, body: jsonBody(RestrictionRequest, fc.record({ restricted: fc.boolean() }), 1024), mutates: true }),
  },
  {
    name: "POST /v1/me/ip-lock/unlock-link",
    group: "accounts",
    cases: (a) => routeCases({ method: "POST", path: "/v1/me/ip-lock/unlock-link", credentials: asSession(a), query: strictQuery(), mutates: true }),
  },
  {
    name: "POST /v1/ip-lock/unlock",
    group: "accounts",
    cases: (a) => routeCases({ method: "POST", path: "/v1/ip-lock/unlock", credentials: asAnyone(a), query: strictQuery(), body: unlockBody, mutates: true }),
  },
  {
    name: "POST /v1/me/tokens",
    group: "accounts",
    cases: (a) =>
      routeCases({
        method: "POST",
        path: "/v1/me/tokens",
        credentials: asSession(a),
        query: ignoredQuery,
        body: jsonBody(CreateTokenRequest, fc.record({ name: fc.string({ minLength: 1, maxLength: 80 }), expiresInDays: fc.integer({ min: 1, max: 365 }) }), 4 * 1024),
        mutates: true,
      }),
  },
  { name: "GET /v1/me/tokens", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/me/tokens", credentials: asSession(a), query: strictQuery(), mutates: false }) },
  {
    name: "DELETE /v1/me/tokens/{id}",
    group: "accounts",
    cases: (a) => routeCases({ method: "DELETE", path: "/v1/me/tokens/{id}", credentials: asSession(a), ids: ids([], [a.bob.patId]), query: strictQuery(), mutates: true }),
  },
  { name: "GET /v1/me/export", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/me/export", credentials: asSession(a), query: strictQuery(), mutates: false }) },
  {
    name: "DELETE /v1/me",
    group: "accounts",
    cases: (a) =>
      routeCases({ method: "DELETE", path: "/v1/me", credentials: asSession(a), query: strictQuery(), body: jsonBody(DeleteAccountRequest, fc.constant({ confirm: "DELETE" }), 1024), mutates: true }),
  },
  {
    name: "GET /v1/deletions/{id}",
    group: "accounts",
    cases: (a) => routeCases({ method: "GET", path: "/v1/deletions/{id}", credentials: asAnyone(a), ids: ids([a.receiptId], []), query: strictQuery(), mutates: false }),
  },
  { name: "GET /v1/me/notices", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/me/notices", credentials: asSession(a), query: strictQuery(listKeys), mutates: false }) },
  {
    name: "POST /v1/me/notices/{id}/read",
    group: "accounts",
    cases: (a) => routeCases({ method: "POST", path: "/v1/me/notices/{id}/read", credentials: asSession(a), ids: ids([], []), query: ignoredQuery, mutates: true }),
  },
  {
    name: "POST /v1/me/notices/{id}/acknowledge",
    group: "accounts",
    cases: (a) => routeCases({ method: "POST", path: "/v1/me/notices/{id}/acknowledge", credentials: asSession(a), ids: ids([], []), query: ignoredQuery, mutates: true }),
  },
  { name: "GET /v1/presets", group: "content", cases: (a) => routeCases({ method: "GET", path: "/v1/presets", credentials: asUser(a), query: strictQuery(), mutates: false }) },
  {
    name: "POST /v1/generations",
    group: "content",
    cases: (a) =>
      routeCases({
        method: "POST",
        path: "/v1/generations",
        credentials: asUser(a),
        query: strictQuery(),
        body: jsonBody(CreateGenerationRequest, validGeneration, 8 * 1024),
        extra: idempotencyKey,
        ownHeaders: /^idempotency-key$/i,
        mutates: true,
      }),
  },
  { name: "GET /v1/generations", group: "content", cases: (a) => routeCases({ method: "GET", path: "/v1/generations", credentials: asUser(a), query: strictQuery(listKeys), mutates: false }) },
  {
    name: "GET /v1/generations/{id}",
    group: "content",
    cases: (a) => routeCases({ method: "GET", path: "/v1/generations/{id}", credentials: asUser(a), ids: ids(a.alice.generations, a.bob.generations), query: strictQuery(), mutates: false }),
  },
  {
    name: "GET /v1/generations/{id}/events",
    group: "content",
    cases: (a) => routeCases({ method: "GET", path: "/v1/generations/{id}/events", credentials: asUser(a), ids: ids(a.alice.generations, a.bob.generations), query: strictQuery(), mutates: false }),
  },
  {
    name: "POST /v1/generations/{id}/cancel",
    group: "content",
    // Alice's own generation has succeeded: cancelling it is refused (409 already-finished).
    cases: (a) =>
      routeCases({
        method: "POST",
        path: "/v1/generations/{id}/cancel",
        credentials: asUser(a),
        ids: fc.oneof(ids([], a.bob.generations), fc.constantFrom(...a.alice.generations).map((raw) => ({ raw, defects: ["already finished"] }))),
        query: strictQuery(),
        mutates: true,
      }),
  },
  { name: "POST /v1/images", group: "content", cases: (a, images) => routeCases({ method: "POST", path: "/v1/images", credentials: asUser(a), query: strictQuery(), body: uploadBody(images), mutates: true }) },
  {
    name: "GET /v1/images",
    group: "content",
    cases: (a) => routeCases({ method: "GET", path: "/v1/images", credentials: asUser(a), query: strictQuery({ ...listKeys, kind: { sound: fc.constantFrom("upload", "output"), refused: ["thumb", "UPLOAD", ""] } }), mutates: false }),
  },
  {
    name: "GET /v1/images/{id}",
    group: "content",
    cases: (a) => routeCases({ method: "GET", path: "/v1/images/{id}", credentials: asUser(a), ids: ids(a.alice.images, a.bob.images), query: strictQuery(), mutates: false }),
  },
  { name: "GET /v1/images/{id}/content", group: "content", cases: (a) => imageContentCases(a) },
  {
    name: "DELETE /v1/images/{id}",
    group: "content",
    cases: (a) => routeCases({ method: "DELETE", path: "/v1/images/{id}", credentials: asUser(a), ids: ids([], a.bob.images), query: strictQuery(), mutates: true }),
  },
  {
    name: "POST /v1/images/{id}/marketplace-fix",
    group: "content",
    cases: (a) => routeCases({ method: "POST", path: "/v1/images/{id}/marketplace-fix", credentials: asUser(a), ids: ids([], a.bob.images), query: strictQuery(), mutates: true }),
  },
  {
    name: "POST /v1/webhooks/replicate",
    group: "content",
    cases: (a) =>
      routeCases({ method: "POST", path: "/v1/webhooks/replicate", credentials: asAnyone(a), query: ignoredQuery, body: webhookDelivery(a.webhookSecret, a.alice.generations.map((id) => `p-${id}`)), ownHeaders: /^webhook-/i, mutates: false }),
  },
  {
    name: "GET /v1/admin/audit",
    group: "accounts",
    cases: (a) => routeCases({ method: "GET", path: "/v1/admin/audit", credentials: asAdmin(a), query: strictQuery({ ...auditKeys, limit: listKeys.limit, cursor: listKeys.cursor }), mutates: false }),
  },
  { name: "GET /v1/admin/audit/verify", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/admin/audit/verify", credentials: asAdmin(a), query: strictQuery(timeKeys), mutates: false }) },
  {
    name: "GET /v1/admin/metrics",
    group: "accounts",
    cases: (a) =>
      routeCases({
        method: "GET",
        path: "/v1/admin/metrics",
        credentials: asAdmin(a),
        query: strictQuery({ ...timeKeys, bucket: { sound: fc.constantFrom("hour", "day"), refused: ["week", "HOUR", "", "%00"] } }),
        mutates: false,
      }),
  },
  { name: "GET /v1/admin/audit/export", group: "accounts", cases: (a) => routeCases({ method: "GET", path: "/v1/admin/audit/export", credentials: asAdmin(a), query: strictQuery(auditKeys), mutates: false }) },
  {
    name: "GET /v1/admin/users",
    group: "accounts",
    cases: (a) =>
      routeCases({
        method: "GET",
        path: "/v1/admin/users",
        credentials: asAdmin(a),
        query: strictQuery({ email: { sound: fc.emailAddress().map(encodeURIComponent), refused: ["", "nobody", "a@", "%00@x.y", "@".repeat(400)] } }),
        mutates: false,
      }),
  },
  {
    name: "PUT /v1/admin/users/{id}/role",
    group: "accounts",
    // The admin's own uid is refused (409): no one changes their own role.
    cases: (a) =>
      routeCases({
        method: "PUT",
        path: "/v1/admin/users/{id}/role",
        credentials: asAdmin(a),
        ids: fc.oneof(ids([], []), fc.constant<IdPart>({ raw: a.admin.uid, defects: ["own role"] })),
        query: ignoredQuery,
        body: jsonBody(RoleChangeRequest, fc.record({ role: fc.constantFrom("admin", "auditor", "support", "user") }), 1024),
        mutates: true,
      }),
  },
  {
    name: "POST /v1/admin/users/{id}/ip-lock/clear",
    group: "accounts",
    cases: (a) => routeCases({ method: "POST", path: "/v1/admin/users/{id}/ip-lock/clear", credentials: asAdmin(a), ids: ids([], []), query: strictQuery(), mutates: true }),
  },
  {
    name: "POST /v1/admin/notices/preview",
    group: "accounts",
    cases: (a) =>
      routeCases({
        method: "POST",
        path: "/v1/admin/notices/preview",
        credentials: asAdmin(a),
        query: ignoredQuery,
        body: jsonBody(NoticePreviewRequest, fc.record({ audience: fc.oneof(fc.constant("all"), fc.record({ uids: fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,28}$/), { minLength: 1, maxLength: 5 }) })) }), 64 * 1024),
        mutates: false,
      }),
  },
  {
    name: "POST /v1/admin/notices",
    group: "accounts",
    cases: (a) =>
      routeCases({
        method: "POST",
        path: "/v1/admin/notices",
        credentials: asAdmin(a),
        query: ignoredQuery,
        body: jsonBody(
          CreateNoticeRequest,
          fc.record({ kind: fc.constantFrom("incident", "policy"), subject: fc.string({ minLength: 1, maxLength: 50 }), body: fc.string({ minLength: 1, maxLength: 200 }), audience: fc.constant({ uids: [a.alice.uid] }) }),
          64 * 1024,
        ),
        mutates: true,
      }),
  },
  { name: "(unmatched method or path)", group: "content", cases: (a) => unmatchedCases(a) },
];

const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "PURGE", "SEARCH"] as const;

/**
 * Methods a route does not have, on every route's path (HEAD rides with GET), and paths no route has: each must be
 * a problem (401 without credentials, else 404), never a crash.
 */
function unmatchedCases(a: Actors): fc.Arbitrary<FuzzCase> {
  const routes = endpoints.filter((e) => /^[A-Z]+ \//.test(e.name)).map((e) => e.name.split(" ") as [string, string]);
  const has = (method: string, path: string) => routes.some(([m, p]) => p === path && (m === method || (method === "HEAD" && m === "GET")));
  const wrongMethod = fc
    .tuple(fc.constantFrom(...methods), fc.constantFrom(...routes.map(([, p]) => p)))
    .filter(([method, path]) => !has(method, path));
  const strayPath = fc.oneof(
    fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/), { minLength: 1, maxLength: 4 }).map((segments) => `/v1/zz${segments.join("/")}`),
    fc.constantFrom("/", "/v1", "/v1/", "/v2/me", "//", "/%2e%2e/%2e%2e/etc/passwd", "/v1/%2e%2e/v1/zz", "/v1/zz%00", "/v1/zz%c3%28", "/favicon.ico", "/.env", "/v1/zz?" + "q=".repeat(500)),
  );
  const target = fc.oneof(
    wrongMethod.chain(([method, path]) =>
      fc.oneof(ids([...a.alice.images, ...a.alice.generations], []), fc.constant<IdPart>({ raw: "x", defects: [] })).map((id) => [method, path.replace("{id}", id.raw)] as const),
    ),
    fc.tuple(fc.constantFrom(...methods), strayPath),
    // Absolute-form request targets, read-only.
    fc.constantFrom(["GET", "http://evil.example/v1/health"], ["GET", "http://127.0.0.1:1/v1/me"]) as fc.Arbitrary<readonly [string, string]>,
  );
  return fc
    .tuple(target, routeCases({ method: "GET", path: "", credentials: asUser(a), query: ignoredQuery, mutates: false }))
    // No refusal oracle here: OPTIONS is CORS's and the absolute-form targets reach real routes.
    .map(([[method, path], { request }]) => ({ request: { ...request, method, target: path + request.target }, defects: [] }));
}

/**
 * `GET /v1/images/{id}/content`: bearer or signed link (sound, tampered, moved to another image, for the model), and
 * conversion queries. Reading only, so sound and unsound cases mix.
 */
function imageContentCases(a: Actors): fc.Arbitrary<FuzzCase> {
  const own = a.alice.images[0] as string;
  const other = a.alice.images[1] as string;
  const ownerLink = a.link(a.alice.uid, own);
  const modelLink = a.link(a.alice.uid, own, "model");
  const linkQuery = fc.oneof(
    fc.constant(ownerLink),
    fc.constant(modelLink),
    fc.tuple(fc.constantFrom("u", "exp", "sig") as fc.Arbitrary<"u" | "exp" | "sig">, fc.nat()).map(([field, at]) => {
      const value = ownerLink[field];
      const index = at % value.length;
      return { ...ownerLink, [field]: value.slice(0, index) + (value[index] === "A" ? "B" : "A") + value.slice(index + 1) };
    }),
    fc.constant({ u: ownerLink.u, exp: String(Number(ownerLink.exp) - 3600), sig: ownerLink.sig }),
    fc.constant({ u: ownerLink.u, sig: ownerLink.sig }),
    fc.constant({ exp: ownerLink.exp }),
  );
  const conversion = fc.record(
    { format: fc.oneof(fc.constantFrom("png", "jpeg", "webp"), fc.constantFrom("gif", "PNG", "", "svg")), width: fc.oneof(fc.integer({ min: 64, max: 200 }).map(String), fc.constantFrom("0", "63", "4097", "1e3", "-64", "abc", "64.5", "")) },
    { requiredKeys: [] },
  );
  const query = fc
    .tuple(fc.option(linkQuery), conversion, fc.option(junkQuery(true, ["format", "width", "u", "exp", "sig"])))
    .map(([link, convert, junk]): QueryPart => {
      const pairs = [...Object.entries(link ?? {}), ...Object.entries(convert)].map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
      return { pairs: [...pairs, ...(junk?.pairs ?? [])], defects: [] };
    });
  return routeCases({
    method: "GET",
    path: "/v1/images/{id}/content",
    credentials: { allowed: [[], bearer(a.alice.idToken), bearer(a.alice.pat)], public: true, pats: [a.alice.pat] },
    ids: fc.oneof(ids([own, other], a.bob.images), fc.constant<IdPart>({ raw: own, defects: [] })),
    query,
    body: strayBody,
    mutates: false,
  });
}
