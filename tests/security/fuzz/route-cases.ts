/**
 * Builds one endpoint's fuzz cases from its parts: who calls (valid credentials of the right kind, the wrong kind,
 * or garbage), the path id, the query, the body and odd headers. A mutating endpoint only gets cases with at least
 * one defect, so none of them may change anything; a reading endpoint gets sound and unsound cases alike.
 */
import fc from "fast-check";
import { forgeToken } from "../../helpers/problems.ts";
import { type BodyPart, type Part, type QueryPart, defect, headerValue, noQuery, oddHeaders, sound, strayBody } from "./arbitraries.ts";
import type { FuzzRequest } from "./http.ts";

export interface FuzzCase {
  request: FuzzRequest;
  defects: string[];
}

const bearer = (token: string): [string, string][] => [["authorization", `Bearer ${token}`]];

/** Authorization headers that authenticate nobody (the Auth emulator's tokens are unsigned, so a forged one names a uid that does not exist). */
export const garbageAuth: fc.Arbitrary<Part> = fc
  .oneof(
    fc.constant<[string, string][]>([]),
    fc.constantFrom("", "Bearer", "Bearer ", "bearer", "BEARER x", "Basic dXNlcjpwYXNz", "Bearer null", "Bearer undefined", "Token abc", "Bearer  x", "Bearer\tx", "Bearer a b", "Bearer bez_pat_", "Bearer bez_pat__").map((v): [string, string][] => [["authorization", v]]),
    fc.stringMatching(/^[A-Za-z0-9._~+/=-]{1,300}$/).map(bearer),
    fc.integer({ min: 8193, max: 9000 }).map((n) => bearer("a".repeat(n))),
    fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{1,64}$/), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)).map(([id, secret]) => bearer(`bez_pat_${id}_${secret}`)),
    fc
      .record({
        sub: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,40}$/), fc.string({ maxLength: 200 }), fc.constant("")),
        aud: fc.oneof(fc.constant("demo-bez-test"), fc.string({ maxLength: 20 })),
        iss: fc.oneof(fc.constant("https://securetoken.google.com/demo-bez-test"), fc.string({ maxLength: 20 })),
        iat: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
        exp: fc.oneof(fc.integer(), fc.constant(4_102_444_800)),
        auth_time: fc.oneof(fc.integer(), fc.constant(null)),
        role: fc.constantFrom("admin", "auditor", undefined),
      })
      .map((claims) => bearer(forgeToken({ ...claims, user_id: claims.sub }))),
    headerValue.map((v): [string, string][] => [["authorization", v]]),
  )
  .map((headers) => defect("no valid credentials", headers));

/** Alice's access token with one character changed: the hash no longer matches any stored token. */
export function tamperedPat(pat: string): fc.Arbitrary<Part> {
  return fc.tuple(fc.nat(), fc.constantFrom(..."ABCxyz019_-")).map(([at, c]) => {
    const index = "bez_pat_".length + (at % (pat.length - "bez_pat_".length));
    const changed = pat.slice(0, index) + (pat[index] === c ? (c === "A" ? "B" : "A") : c) + pat.slice(index + 1);
    return defect("tampered access token", bearer(changed));
  });
}

export interface Credentials {
  /** Credentials that may call the route. */
  allowed: [string, string][][];
  /** Valid credentials the route refuses (a PAT where an ID token is needed, a non-staff role): each a defect. */
  refused?: [string, string][][];
  /** Access tokens whose tampering is a defect. */
  pats?: string[];
  /** The route needs no credentials: garbage ones are ignored rather than refused. */
  public?: boolean;
}

function credentials(spec: Credentials): fc.Arbitrary<Part> {
  const options: fc.WeightedArbitrary<Part>[] = [
    { weight: 4, arbitrary: fc.constantFrom(...spec.allowed).map((h) => sound(h)) },
    { weight: 3, arbitrary: spec.public ? garbageAuth.map((p) => sound(p.headers)) : garbageAuth },
  ];
  if (spec.refused?.length) options.push({ weight: 2, arbitrary: fc.constantFrom(...spec.refused).map((h) => defect("credentials of the wrong kind", h)) });
  for (const pat of spec.pats ?? []) options.push({ weight: 1, arbitrary: spec.public ? tamperedPat(pat).map((p) => sound(p.headers)) : tamperedPat(pat) });
  return fc.oneof(...options);
}

export interface IdPart {
  raw: string;
  defects: string[];
}

export interface RouteSpec {
  method: string;
  /** With `{id}` where the path id goes. */
  path: string;
  credentials: Credentials;
  /** Path ids: each arbitrary says whether its id is a defect. */
  ids?: fc.Arbitrary<IdPart>;
  query?: fc.Arbitrary<QueryPart>;
  body?: fc.Arbitrary<BodyPart>;
  /** Further route-specific headers (an Idempotency-Key, webhook signatures). */
  extra?: fc.Arbitrary<Part>;
  /** Headers the route's own parts set: odd headers never repeat them. */
  ownHeaders?: RegExp;
  /** A sound request would change state: every case carries a defect. */
  mutates: boolean;
}

export function routeCases(spec: RouteSpec): fc.Arbitrary<FuzzCase> {
  const own = spec.ownHeaders;
  const odd = oddHeaders.map((headers) => (own ? headers.filter(([name]) => !own.test(name)) : headers));
  return fc
    .record({
      auth: credentials(spec.credentials),
      id: spec.ids ?? fc.constant<IdPart>({ raw: "", defects: [] }),
      query: spec.query ?? noQuery,
      body: spec.body ?? strayBody,
      extra: spec.extra ?? fc.constant(sound()),
      odd,
    })
    .map(({ auth, id, query, body, extra, odd: oddOnes }): FuzzCase => {
      const path = spec.path.replace("{id}", id.raw);
      const target = query.pairs.length > 0 ? `${path}?${query.pairs.join("&")}` : path;
      const request: FuzzRequest = {
        method: spec.method,
        target,
        headers: [...auth.headers, ...body.headers, ...extra.headers, ...oddOnes],
        ...(body.body === undefined ? {} : { body: body.body }),
      };
      return { request, defects: [...auth.defects, ...id.defects, ...query.defects, ...body.defects, ...extra.defects] };
    })
    .filter((c) => (!spec.mutates || c.defects.length > 0) && headSize(c.request) <= maxHeadBytes);
}

/**
 * Node answers a request line and headers over 16 KiB with a bare 431 before any application code runs (and Google's
 * front end has its own limit): cases stay under it, so that what is fuzzed is the API, not the HTTP server.
 */
const maxHeadBytes = 14 * 1024;
const headSize = (request: FuzzRequest) => request.target.length + request.headers.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
