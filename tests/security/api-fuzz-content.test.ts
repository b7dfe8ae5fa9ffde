/**
 * Issue 13, item 10, part 2: fuzzing presets, generations (and their events), images (uploads, content by token or
 * signed link, marketplace fix), the Replicate webhook, and methods and paths no route has. See fuzz/suite.ts.
 */
import { endpoints } from "./fuzz/endpoints.ts";
import { fuzzSuite } from "./fuzz/suite.ts";

// As on Cloud Functions: the last X-Forwarded-For entry is the client.
fuzzSuite("content", endpoints.filter((e) => e.group === "content"), "google-front-end");
