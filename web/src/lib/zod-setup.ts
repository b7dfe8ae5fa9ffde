/**
 * Zod 4 compiles fast parsers with `new Function` after probing whether eval is allowed. Under our CSP it is not,
 * and the probe itself is reported as a CSP violation. Jitless mode never probes; parsing stays correct.
 * Imported for its side effect by every browser module that parses with zod.
 */
import { z } from "zod";

z.config({ jitless: true });
