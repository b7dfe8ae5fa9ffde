/**
 * Issue 13, item 10, part 1: fuzzing health, the account (/v1/me…, tokens, IP lock and its recovery, export, erasure
 * and its receipts, notices) and the admin endpoints. See fuzz/suite.ts for the properties checked.
 */
import { endpoints } from "./fuzz/endpoints.ts";
import { fuzzSuite } from "./fuzz/suite.ts";

// Behind a trusted proxy on loopback: X-Forwarded-For is walked hop by hop.
fuzzSuite("accounts", endpoints.filter((e) => e.group === "accounts"), "127.0.0.1,::1");
