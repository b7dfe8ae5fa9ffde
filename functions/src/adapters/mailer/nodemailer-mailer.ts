/**
 * The Mailer on nodemailer: SMTP in production (BEZ_SMTP_URL), and locally an outbox that writes each message as an
 * .eml file under BEZ_DATA_DIR/mail/<hash of the address>/, so a developer can open what users would receive and
 * erasure can remove one person's mail without reading anyone's.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Ids, Mailer, MailMessage } from "../../ports.ts";

export function createSmtpMailer(options: { url: string; from: string }): Mailer {
  // Pooled, and bounded in time: a hung mail server must not hold a notice request for nodemailer's default minutes.
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message: MailMessage) {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
    },
    async forget() {
      return 0;
    },
    async close() {
      transport.close();
    },
  };
}

const folderOf = (address: string) => createHash("sha256").update(address.trim().toLowerCase(), "utf8").digest("hex").slice(0, 32);

export function createOutboxMailer(options: { dir: string; from: string; ids: Ids }): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message: MailMessage) {
      const info = await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
      const folder = join(options.dir, folderOf(message.to));
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const file = join(folder, `${options.ids.next()}.eml`);
      await writeFile(`${file}.tmp`, info.message as Buffer, { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    },
    async forget(address: string) {
      const folder = join(options.dir, folderOf(address));
      const files = await readdir(folder).catch(() => [] as string[]);
      await rm(folder, { recursive: true, force: true });
      return files.length;
    },
    async close() {},
  };
}
