/**
 * The production mail path: notices through BEZ_SMTP_URL to a real SMTP server (smtp-server on loopback). When the
 * SMTP server is down, every inbox still gets the notice and the answer says how many emails went out (none).
 */
import { createServer } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NoticeAccepted } from "@bez/contracts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";
import { type TestUser, call, userWithRole } from "../helpers/staff.ts";

interface Received {
  from: string;
  to: string[];
  data: string;
}

const received: Received[] = [];
let smtp: SMTPServer;
let smtpPort: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function sendIncident(api: TestApi, admin: TestUser, reader: TestUser): Promise<NoticeAccepted> {
  const response = await call(api, "/v1/admin/notices", {
    method: "POST",
    token: admin.idToken,
    json: { kind: "incident", subject: "Suspicious sign-in attempts", body: "We blocked them. Nothing was accessed.", audience: { uids: [reader.localId] } },
  });
  expect(response.status).toBe(202);
  return NoticeAccepted.parse(await response.json());
}

describe("notices by SMTP", () => {
  it("sends each recipient an email from BEZ_MAIL_FROM, and writes no local outbox", async () => {
    const api = await startTestApi({ BEZ_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, BEZ_MAIL_FROM: "Bez Security <security@bez.test>" });
    try {
      const admin = await userWithRole(api, "admin");
      const reader = await userWithRole(api, "user", "smtp-reader");
      const accepted = await sendIncident(api, admin, reader);
      expect(accepted).toMatchObject({ recipients: 1, emailed: 1 });
      const mail = received.find((m) => m.to.includes(reader.email));
      expect(mail?.from).toBe("security@bez.test");
      expect(mail?.data).toContain("Subject: [Bez security] Suspicious sign-in attempts");
      expect(mail?.data).toContain("We blocked them. Nothing was accessed.");
      const { readdir } = await import("node:fs/promises");
      expect(await readdir(api.dataDir)).not.toContain("mail");
    } finally {
      await api.stop();
    }
  });

  it("still delivers to every inbox when the SMTP server is unreachable, and reports no email sent", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const api = await startTestApi({ BEZ_SMTP_URL: `smtp://127.0.0.1:${deadPort}` });
    try {
      const admin = await userWithRole(api, "admin");
      const reader = await userWithRole(api, "user", "offline-reader");
      const accepted = await sendIncident(api, admin, reader);
      expect(accepted).toMatchObject({ recipients: 1, emailed: 0 });
      const inbox = (await (await call(api, "/v1/me/notices", { token: reader.idToken })).json()) as { unread: number; items: { id: string }[] };
      expect(inbox.unread).toBe(1);
      expect(inbox.items[0]?.id).toBe(accepted.id);
    } finally {
      await api.stop();
    }
  });
});
