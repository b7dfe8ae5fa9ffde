/**
 * Generators of hostile request parts: path ids, query strings, header values, JSON bodies and content types.
 * Each part says whether it is a *defect*: something the API must refuse whatever else the request carries. The
 * defect oracles follow API.md (invalid JSON or unknown fields: 400, over the limit: 413, wrong type: 415), so a
 * case whose every part is sound is a valid request, and a mutating endpoint is only ever sent cases with a defect.
 */
import fc from "fast-check";
import type { z } from "zod";

export interface Part {
  headers: [string, string][];
  /** Why this part alone makes the request one the API must refuse; empty when it does not. */
  defects: string[];
}

export const sound = (headers: [string, string][] = []): Part => ({ headers, defects: [] });
export const defect = (why: string, headers: [string, string][] = []): Part => ({ headers, defects: [why] });

/** Percent-encodes every byte of the UTF-8 form of `text` (lone surrogates become U+FFFD, as on the wire). */
export const percentEncode = (text: string) => [...Buffer.from(text, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");

const asciiPrintable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const latin1 = fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c));
/** What node:http will put in a header value: tab, printable ASCII and obs-text (control characters are refused client-side). */
const headerChar = fc.oneof({ weight: 8, arbitrary: asciiPrintable }, { weight: 1, arbitrary: latin1 }, { weight: 1, arbitrary: fc.constant("\t") });
export const headerValue = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: headerChar, maxLength: 120 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 6000 }).map((n) => "x".repeat(n)) },
);
/** Headers a case sets itself, or that frame the message (a stray one would change what is sent, not what is fuzzed). */
export const reservedHeaders = /^(authorization|content-type|content-length|transfer-encoding|host|connection|expect|upgrade|te|trailer|keep-alive|idempotency-key|webhook-.*)$/i;
const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,40}$/).filter((name) => !reservedHeaders.test(name));

/** Path-safe raw characters (no `?`, `#` or space, which would end or break the path). */
const rawPathChar = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@%");

/** Ids that are not a well-formed id of anything: traversal, NUL, bad escapes, separators, overlong, unicode. */
export const malformedId = fc.oneof(
  fc.constantFrom(
    "..",
    ".",
    "%2e%2e",
    "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "..%2F..%2F",
    "a%2Fb",
    "a/b",
    "%00",
    "a%00b",
    "%",
    "%zz",
    "%c3%28",
    "%ff%fe",
    "%e2%80%ae",
    "%ED%A0%80",
    "~",
    "*",
    "$",
    ";x",
    ",",
    "%0d%0a",
    "%09",
    "%20",
    "'%20OR%201=1--",
    "%7B%7D",
    "a.b",
    "%25",
  ),
  fc.integer({ min: 129, max: 6000 }).map((n) => "a".repeat(n)),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter((s) => !/^[A-Za-z0-9_-]+$/.test(s)).map(percentEncode),
  fc.string({ unit: rawPathChar, minLength: 1, maxLength: 40 }).filter((s) => !/^[A-Za-z0-9_-]+$/.test(s)),
);

/** Well-formed ids of nothing this user has. */
export const unknownId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.constantFrom("__proto__", "constructor", "prototype", "null", "undefined", "-", "_", "0", "CON", "NaN"));

/** A raw `k=v` pair with the given key; values mix hostile text (percent-encoded) and raw oddities. */
const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }).map(percentEncode),
  fc.string({ unit: rawPathChar, maxLength: 30 }),
  fc.constantFrom("", "%", "%zz", "%00", "%0a", "%ff", "-1", "0", "1e309", "NaN", "Infinity", "true", "null", "[]", "{}", "%5B%5D", "__proto__"),
  fc.integer({ min: 1025, max: 7000 }).map((n) => "v".repeat(n)),
);
const queryKey = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.[\]-]{0,20}$/),
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "a[b]", "a[]", "", "%00", "%C3%A9", "limit%00"),
  fc.string({ maxLength: 10 }).map(percentEncode),
);

export interface QueryPart {
  pairs: string[];
  defects: string[];
}

/** Unknown keys (refused where the route's query is strict), odd separators, and a bare `?`. */
export function junkQuery(strict: boolean, known: readonly string[]): fc.Arbitrary<QueryPart> {
  return fc.array(fc.tuple(queryKey, queryValue), { minLength: 1, maxLength: 6 }).map((pairs) => {
    const unknown = pairs.some(([key]) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(key);
      } catch {
        decoded = key;
      }
      return !known.includes(decoded);
    });
    return { pairs: pairs.map(([k, v]) => `${k}=${v}`), defects: strict && unknown ? ["unknown query key"] : [] };
  });
}

/** A known key given twice (the simple parser makes it an array, which no schema field accepts). */
export function repeatedKey(known: readonly string[], value: fc.Arbitrary<string>): fc.Arbitrary<QueryPart> {
  return fc.tuple(fc.constantFrom(...known), value, value).map(([key, a, b]) => ({ pairs: [`${key}=${a}`, `${key}=${b}`], defects: ["repeated query key"] }));
}

/** `key=<value>` for values the route's schema refuses. */
export function badValue(key: string, values: readonly string[]): fc.Arbitrary<QueryPart> {
  return fc.constantFrom(...values).map((value) => ({ pairs: [`${key}=${value}`], defects: [`invalid ${key}`] }));
}

export const noQuery: fc.Arbitrary<QueryPart> = fc.constantFrom({ pairs: [], defects: [] }, { pairs: [""], defects: [] }, { pairs: ["", ""], defects: [] });

// ---------------------------------------------------------------------------------------------
// Bodies

export interface BodyPart extends Part {
  body?: Uint8Array;
}

/** What API.md calls a JSON request: `application/json`, optionally `; charset=utf-8` (any case). */
const jsonType = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8") },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "",
      "text/plain",
      "text/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json; charset=latin1",
      "application/json; charset=utf-16",
      "application/jsonp",
      "application/json, text/plain",
      "application/merge-patch+json",
      "application/problem+json",
      "*/*",
      "image/png",
      "application/json; boundary=x",
      "application/json;;",
    ),
  },
  { weight: 1, arbitrary: headerValue },
);

const deepNesting = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean()).map(([depth, arrays]) =>
  arrays ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
);

/** JSON text around a valid value: mutated, extended, re-typed, or not JSON at all. */
function jsonTexts(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string | Uint8Array> {
  const anyJson = fc.jsonValue({ maxDepth: 4 });
  const mutatedObject = fc.tuple(valid, fc.string({ maxLength: 12 }), anyJson, fc.nat(), fc.constantFrom("replace", "add", "remove")).map(([object, key, value, at, how]) => {
    const keys = Object.keys(object);
    const target = keys.length > 0 ? (keys[at % keys.length] as string) : key;
    const copy: Record<string, unknown> = { ...object };
    if (how === "remove") delete copy[target];
    else copy[how === "add" ? key : target] = value;
    return JSON.stringify(copy);
  });
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => JSON.stringify(v)) },
    { weight: 6, arbitrary: mutatedObject },
    { weight: 3, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: valid.map((v) => `{"__proto__":{"role":"admin","status":"active"},${JSON.stringify(v).slice(1)}`) },
    { weight: 1, arbitrary: valid.map((v) => `${JSON.stringify(v).slice(0, -1)},"constructor":{"prototype":{"isAdmin":true}}}`) },
    { weight: 2, arbitrary: valid.chain((v) => fc.nat().map((cut) => JSON.stringify(v).slice(0, cut % Math.max(1, JSON.stringify(v).length)))) },
    { weight: 2, arbitrary: fc.constantFrom("", " ", "null", "[]", "{}", "{", "}", '{"a":1,}', "{'a':1}", "NaN", "1e400", '{"count":1e400}', '"\\ud800"', "\ufeff{}", '{"a":"\\u0000"}', "-0", "true") },
    { weight: 2, arbitrary: deepNesting },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  );
}

/** Whether the API must refuse these bytes as a JSON body for `schema` within `limit` (API.md §2). */
function jsonDefect(bytes: Uint8Array, schema: z.ZodType, limit: number): string | null {
  if (bytes.length > limit) return "body over the limit";
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return "body not JSON";
  }
  return schema.safeParse(value).success ? null : "body fails the schema";
}

/** JSON bodies for `schema`, with content types right and wrong, empty, oversized, nested, and not UTF-8. */
export function jsonBody(schema: z.ZodType, valid: fc.Arbitrary<Record<string, unknown>>, limit: number): fc.Arbitrary<BodyPart> {
  const oversized = valid.map((v) => JSON.stringify({ ...v, pad: "x".repeat(limit) }));
  const text = fc.oneof({ weight: 12, arbitrary: jsonTexts(valid) }, { weight: 1, arbitrary: oversized });
  return fc.tuple(text, contentType, fc.boolean()).map(([t, type, typed]) => {
    const bytes = typeof t === "string" ? Buffer.from(t, "utf8") : t;
    const declared = typed ? type : "";
    const defects: string[] = [];
    if (!jsonType.test(declared)) defects.push("wrong content type");
    const bodyDefect = jsonDefect(bytes, schema, limit);
    if (bodyDefect) defects.push(bodyDefect);
    return { headers: declared ? [["content-type", declared]] : [], body: bytes, defects };
  });
}

/** A stray body on a route that takes none: ignored, never a defect. */
export const strayBody: fc.Arbitrary<BodyPart> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<BodyPart>({ headers: [], defects: [] }) },
  { weight: 1, arbitrary: fc.tuple(fc.jsonValue({ maxDepth: 3 }), contentType).map(([v, type]): BodyPart => ({ headers: type ? [["content-type", type]] : [], body: Buffer.from(JSON.stringify(v) ?? ""), defects: [] })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes): BodyPart => ({ headers: [["content-type", "application/octet-stream"]], body: bytes, defects: [] })) },
);

// ---------------------------------------------------------------------------------------------
// Headers every route gets

/** Headers no route should care about, or should read defensively: proxies, CORS, caching, ranges, method overrides. */
export const oddHeaders: fc.Arbitrary<[string, string][]> = fc.array(
  fc.oneof(
    fc.tuple(fc.constant("x-forwarded-for"), fc.oneof(headerValue, fc.constantFrom("127.0.0.1", "::1", "10.0.0.1, 203.0.113.9", "unknown", "::ffff:1.2.3.4", ", , ,", "999.1.1.1", "[::1]:80", "1.1.1.1".padEnd(2000, ",1.1.1.1")))),
    fc.tuple(fc.constant("x-real-ip"), headerValue),
    fc.tuple(fc.constant("forwarded"), headerValue),
    fc.tuple(fc.constant("origin"), fc.oneof(headerValue, fc.constantFrom("http://127.0.0.1:3000", "null", "http://evil.example"))),
    fc.tuple(fc.constantFrom("webhook-id", "webhook-timestamp", "webhook-signature"), headerValue),
    fc.tuple(fc.constant("idempotency-key"), headerValue),
    fc.tuple(fc.constantFrom("accept", "accept-encoding", "accept-language", "range", "if-none-match", "if-modified-since", "last-event-id", "cookie", "x-http-method-override", "content-encoding", "x-request-id", "user-agent", "referer"), headerValue),
    fc.tuple(headerName, headerValue),
  ),
  { maxLength: 4 },
);
