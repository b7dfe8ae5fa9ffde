/** Staff settings (bootstrap admins, mail, audit digests) and the audit CSV's cell quoting. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../functions/src/config.ts";
import { csvLine } from "../../functions/src/core/audit/read.ts";
import { canonicalJson } from "../../functions/src/core/audit/canonical-json.ts";

const base = { BEZ_ENV: "local", BEZ_PROJECT_ID: "demo-bez", BEZ_DATA_DIR: "/tmp/bez", BEZ_REDIS_URL: "redis://127.0.0.1:6390" };

describe("staff configuration", () => {
  it("has documented defaults", () => {
    const config = loadConfig(base);
    expect(config.bootstrapAdmins).toEqual([]);
    expect(config.mail).toEqual({ smtpUrl: null, from: "Bez <notices@bez.dev>" });
    expect(config.audit).toEqual({ digestSeconds: 60, settleSeconds: 5, retentionDays: 400, witnessBucket: null });
  });

  it("lower-cases bootstrap admins and names a bad entry", () => {
    expect(loadConfig({ ...base, BEZ_BOOTSTRAP_ADMINS: " Ada@Example.com , b@x.io" }).bootstrapAdmins).toEqual(["ada@example.com", "b@x.io"]);
    expect(() => loadConfig({ ...base, BEZ_BOOTSTRAP_ADMINS: "ada@example.com,not-an-email" })).toThrow(/BEZ_BOOTSTRAP_ADMINS/);
  });

  it("names a bad SMTP URL without echoing it (it carries credentials)", () => {
    const secret = "smtp-password-123";
    let message = "";
    try {
      loadConfig({ ...base, BEZ_SMTP_URL: `http://user:${secret}@mail.example` });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/BEZ_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(message).not.toContain(secret);
  });

  it("bounds the audit intervals", () => {
    expect(() => loadConfig({ ...base, BEZ_AUDIT_RETENTION_DAYS: "0" })).toThrow(/BEZ_AUDIT_RETENTION_DAYS/);
    expect(() => loadConfig({ ...base, BEZ_AUDIT_DIGEST_SECONDS: "soon" })).toThrow(/BEZ_AUDIT_DIGEST_SECONDS/);
  });
});

describe("audit CSV cells", () => {
  it("quotes separators and neutralizes spreadsheet formulas", () => {
    expect(csvLine(["a", "b,c", 'say "hi"', "two\nlines", null, undefined])).toBe('a,"b,c","say ""hi""","two\nlines",,\r\n');
    expect(csvLine(["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)"])).toBe("'=HYPERLINK(1),'+1,'-2,'@SUM(A1)\r\n");
  });
});

describe("canonical JSON", () => {
  it("is the same bytes whatever the key order, and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, "x"], c: null }, e: undefined })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [1, "x"] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [1, "x"], c: null } }));
  });
});
