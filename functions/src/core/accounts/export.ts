/**
 * The right of access: everything Bez holds about a user, as the entries of an archive, produced one at a time so
 * the caller can write each before the next is read (images are decrypted one by one, never all at once).
 *
 *   profile.json      the profile as GET /v1/me shows it
 *   generations.json  every generation, prompts decrypted
 *   images.json       every image record
 *   images/<id>.<ext> every image, decrypted, as stored (metadata-free)
 *   tokens.json       the access tokens (names and dates, never secrets)
 *   activity.json     the user's own audit events (as actor or as target; other actors by role only)
 */
import type { AuditEvent, Generation, ImageRecord, Me } from "@bez/contracts";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ArchiveWriter, DocQuery, DocSnapshot, DocumentStore, Logger } from "../../ports.ts";
import { auditCollection } from "../audit/audit-writer.ts";
import type { RequestContext } from "../principal.ts";
import { type ProfileDeps, getMe } from "./profile.ts";
import { listGenerations } from "../generation/read.ts";
import { type VaultDeps, listImages, serveImageContent } from "../vault/images.ts";
import { listTokens } from "./tokens.ts";

export interface ExportDeps {
  profiles: ProfileDeps;
  vault: VaultDeps;
  /** A new, empty archive (the ZIP writer). */
  archives: () => ArchiveWriter;
  logger: Logger;
}

/**
 * GET /v1/me/export: the archive of everything, streamed to the destination `open` returns once the account is
 * known to be readable (so a refusal is still a problem answer), then audited with its outcome. A failure after
 * the first byte can only be reported by cutting the destination.
 */
export async function exportAccount(deps: ExportDeps, ctx: RequestContext, open: (filename: string) => Writable): Promise<void> {
  const { profiles } = deps;
  const me = await getMe(profiles, ctx);
  const archive = deps.archives();
  const destination = open(`bez-export-${profiles.clock.now().toISOString().slice(0, 10)}.zip`);
  const sent = pipeline(archive.stream, destination);
  let images = 0;
  let outcome: "success" | "error" = "success";
  try {
    for await (const entry of exportEntries({ vault: deps.vault }, ctx.principal.uid, me)) {
      if (entry.kind === "image") images++;
      await archive.add(entry.name, entry.kind === "json" ? entry.text : entry.chunks, { compress: entry.kind === "json" });
    }
    await archive.finish();
    await sent;
  } catch (error) {
    outcome = "error";
    archive.stream.destroy();
    destination.destroy();
    await sent.catch(() => undefined);
    deps.logger.warn("export failed", { requestId: ctx.requestId, error: error instanceof Error ? error.name : "error" });
  }
  await profiles.audit.record({
    actor: { uid: ctx.principal.uid, role: ctx.principal.role, via: ctx.principal.via },
    action: "account.exported",
    target: { type: "user", id: ctx.principal.uid },
    outcome,
    requestId: ctx.requestId,
    meta: { images },
  });
}

export type ExportEntry =
  | { name: string; kind: "json"; text: string }
  | { name: string; kind: "image"; chunks: Uint8Array[] };

const PAGE = 100;
const AUDIT_PAGE = 500;

const json = (name: string, value: unknown): ExportEntry => ({ name, kind: "json", text: `${JSON.stringify(value, null, 2)}\n` });

const extensionOf = (format: string) => (format === "jpeg" ? "jpg" : format);

export async function* exportEntries(deps: { vault: VaultDeps }, uid: string, me: Me): AsyncGenerator<ExportEntry> {
  const { store } = deps.vault;
  yield json("profile.json", me);

  const generations: Generation[] = [];
  let cursor: string | undefined;
  do {
    const page = await listGenerations({ store, vault: deps.vault }, uid, { limit: PAGE, cursor });
    generations.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  yield json("generations.json", generations);

  // Records first (small), then each image's bytes as its own entry.
  const images: ImageRecord[] = [];
  do {
    const page = await listImages({ store }, uid, { limit: PAGE, cursor });
    images.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  yield json("images.json", images);
  for (const image of images) {
    const content = await serveImageContent(deps.vault, uid, image.id, {});
    yield { name: `images/${image.id}.${extensionOf(content.format)}`, kind: "image", chunks: content.chunks };
  }

  yield json("tokens.json", (await listTokens({ store }, uid)).items);
  yield json("activity.json", await ownAuditEvents(store, uid));
}

/** Events where the user is the actor or the target, oldest first (audit ids sort by time). */
async function ownAuditEvents(store: DocumentStore, uid: string): Promise<AuditEvent[]> {
  const byId = new Map<string, AuditEvent>();
  for (const field of ["actor.uid", "target.id"]) {
    for await (const doc of pages(store, { collection: auditCollection, where: [{ field, op: "==", value: uid }] }, AUDIT_PAGE)) {
      byId.set(doc.id, asSeenByUser(toAuditEvent(doc), uid));
    }
  }
  return [...byId.keys()].sort().map((id) => byId.get(id) as AuditEvent);
}

/**
 * Another actor on the user's account (staff, in practice) is shown by role only: the user has a right to what was
 * done to their data and in what capacity, not to a staff member's uid or IP (ip is recorded for staff only).
 */
function asSeenByUser(event: AuditEvent, uid: string): AuditEvent {
  if (event.actor.uid === uid || event.actor.uid === null) return event;
  const { ip: _staffIp, ...rest } = event;
  return { ...rest, actor: { ...event.actor, uid: null } };
}

/** Every document a query matches, page by page. */
export async function* pages(store: DocumentStore, query: Omit<DocQuery, "limit" | "startAfter">, size: number): AsyncGenerator<DocSnapshot> {
  let cursor: string | undefined;
  do {
    const page = await store.query({ ...query, limit: size, startAfter: cursor });
    yield* page.docs;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

function toAuditEvent(doc: DocSnapshot): AuditEvent {
  const data = doc.data as unknown as Omit<AuditEvent, "id" | "at"> & { at: Date };
  const event: AuditEvent = {
    id: doc.id,
    at: data.at.toISOString(),
    actor: data.actor,
    action: data.action,
    target: data.target,
    outcome: data.outcome,
    requestId: data.requestId,
  };
  if (data.ip !== undefined) event.ip = data.ip;
  if (data.meta !== undefined) event.meta = data.meta;
  return event;
}
