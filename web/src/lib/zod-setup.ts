/**
 * Zod 4 compiles fast parsers with `new Function` after probing whether eval is allowed. Under our CSP it is not,
 * and the probe itself is reported as a CSP violation. Jitless mode never probes; parsing stays correct.
 * Imported for its side effect by the root layout's config provider (object schemas are built, and the probe made, as
 * soon as any module evaluates the contracts) and by every browser module that parses with zod.
 *
 * Zod keeps its configuration in `globalThis.__zod_globalConfig`, the one object every copy of zod on a page shares
 * (zod PR #5889), and `z.config()` only assigns into it. Setting the flag there directly costs no zod code, so pages
 * that never parse do not download the library; zod picks the object up whenever it loads.
 */
const shared = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(shared.__zod_globalConfig ??= {}).jitless = true;

export {};
