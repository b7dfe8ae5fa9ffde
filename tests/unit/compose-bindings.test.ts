/**
 * A production function composes its ports from only the secrets it is bound to (functions/src/index.ts): what it
 * lacks is a stand-in that names the missing secret when touched, instead of a composition that cannot start.
 * Nothing here reaches Google: the production adapters connect lazily and no port that would is called.
 */
import { describe, expect, it } from "vitest";
import { compose } from "../../functions/src/compose.ts";
import { loadConfig } from "../../functions/src/config.ts";

const settings = {
  BEZ_ENV: "production",
  GCLOUD_PROJECT: "bez-compose-test",
  BEZ_STORAGE_BUCKET: "bez-compose-test.firebasestorage.app",
  BEZ_AUDIT_WITNESS_BUCKET: "bez-audit-witness",
  BEZ_PUBLIC_API_URL: "https://api.bez.example",
  BEZ_WEB_ORIGINS: '["https://bez.example"]',
  BEZ_TRUSTED_PROXIES: '["google-front-end"]',
  BEZ_LOG_LEVEL: "silent",
};

describe("composition of a function bound to the audit key only (sealAuditDigests, purgeExpiredAudit)", () => {
  it("builds, and names each secret it was not given when a port needing it is used", async () => {
    const config = loadConfig({ ...settings, BEZ_AUDIT_KEY: Buffer.alloc(32, 5).toString("base64") }, { secrets: ["BEZ_AUDIT_KEY"] });
    const c = await compose(config);
    try {
      expect(() => c.keyRing.activeKekId).toThrow(/BEZ_KEKS is not bound to this Cloud Function/);
      expect(() => c.keyRing.wrap("uid", new Uint8Array(32))).toThrow(/BEZ_KEKS/);
      expect(() => c.deps.generation.links.issue("uid", "image")).toThrow(/BEZ_LINK_KEY is not bound/);
      expect(() => c.deps.limiter.hit("k", c.deps.rateLimit.policies.public)).toThrow(/BEZ_REDIS_URL is not bound/);
      expect(() => c.deps.admin.notices.mailer.send({ to: "a@b.example", subject: "s", text: "t" })).toThrow(/BEZ_SMTP_URL is not bound/);
      // The audit key it is bound to is there; no model service without the Replicate token.
      expect(c.deps.admin.auditKey).toHaveLength(32);
      expect(c.deps.generation.model).toBeNull();
      expect(c.deps.admin.notices.inboxUrl).toBe("https://bez.example/notices");
      expect(c.deps.rateLimit.trustedProxies).toBe("google-front-end");
    } finally {
      await c.close();
    }
  });

  it("names the audit key when a function without it reaches for it", async () => {
    const key = Buffer.alloc(32, 6).toString("base64");
    const config = loadConfig({ ...settings, BEZ_KEKS: `k1:${key}`, REPLICATE_API_TOKEN: "r8_x", BEZ_REDIS_URL: "rediss://u:p@127.0.0.1:1" }, {
      secrets: ["BEZ_KEKS", "REPLICATE_API_TOKEN", "BEZ_REDIS_URL"],
    });
    const c = await compose(config);
    try {
      expect(() => c.deps.admin.auditKey).toThrow(/BEZ_AUDIT_KEY is not bound/);
      expect(() => c.sealAudit()).toThrow(/BEZ_AUDIT_KEY is not bound/);
      expect(c.keyRing.activeKekId).toBe("k1");
    } finally {
      await c.close();
    }
  });
});
