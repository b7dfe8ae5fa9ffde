/** The KeyInspector port on Redis: SCAN with a MATCH pattern, the text's glob characters escaped. */
import type { Redis } from "ioredis";
import type { KeyInspector } from "../../ports.ts";
import { whenReady } from "./client.ts";

export function createRedisKeyInspector(redis: Redis): KeyInspector {
  return {
    async keysContaining(text) {
      // A command-line scan may get here before the fresh connection is up (there is no offline queue).
      await whenReady(redis);
      const pattern = `*${text.replace(/[*?[\]\\]/g, "\\$&")}*`;
      const found = new Set<string>();
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        for (const key of keys) found.add(key);
        cursor = next;
      } while (cursor !== "0");
      return [...found].sort();
    },
  };
}
