/**
 * Zod 4 compiles fast parsers with `new Function` after probing whether eval is allowed. Under our CSP it is not,
 * and the probe itself is reported as a CSP violation. Jitless mode never probes; parsing stays correct.
 * Imported for its side effect by every browser module that parses with zod, and by the root layout's config
 * provider: object schemas are built (and the probe made) as soon as any module evaluates the contracts. Only zod's
 * small config module is imported here, so pages that never use zod do not download it.
 */
import { config } from "zod/v4/core";

config({ jitless: true });
