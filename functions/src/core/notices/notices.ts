/**
 * Incident and policy notices: staff send one to chosen users or to everyone; each recipient gets a copy in their
 * inbox (`users/{uid}/notices/{id}`, erased with the account) and an email. A policy notice stays as a banner until
 * acknowledged. The sent notice is kept in `notices/{id}` with counts, never with addresses.
 */
import type { CreateNoticeRequest, Notice, NoticeAccepted, NoticeAudience, NoticeKind, NoticeList, NoticePreview } from "@bez/contracts";
import type { AuditLog, Clock, DocData, DocSnapshot, DocumentStore, Ids, Logger, Mailer } from "../../ports.ts";
import type { ProfileDoc } from "../accounts/profile.ts";
import { profilePath } from "../accounts/profile.ts";
import { DomainError } from "../errors.ts";
import type { RequestContext, StaffContext } from "../principal.ts";
import { recordStaffAction } from "../audit/staff-action.ts";
import { queryPage } from "../paging.ts";

export interface NoticeDeps {
  store: DocumentStore;
  mailer: Mailer;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Where the email points the reader: the web app's inbox. */
  inboxUrl: string;
}

interface InboxDoc extends DocData {
  kind: NoticeKind;
  subject: string;
  body: string;
  sentAt: Date;
  readAt: Date | null;
  acknowledgedAt: Date | null;
}

/** Sent notices; `sentBy` is the staff member's uid until their own erasure turns it into its audit pseudonym. */
export const noticesCollection = "notices";
const inboxCollection = (uid: string) => `users/${uid}/notices`;
const writesPerBatch = 400;
const mailConcurrency = 8;

interface Recipient {
  uid: string;
  email: string | null;
}

const deliverable = (profile: ProfileDoc) => profile.status !== "deleting";

/** Recipients page by page: everyone (walking `users`), or the chosen uids that still have an account. */
async function* recipientsOf(store: DocumentStore, audience: NoticeAudience): AsyncGenerator<Recipient[]> {
  if (audience === "all") {
    let cursor: string | undefined;
    do {
      const page = await store.query({ collection: "users", limit: writesPerBatch, startAfter: cursor });
      yield page.docs.filter((d) => deliverable(d.data as ProfileDoc)).map((d) => ({ uid: d.id, email: (d.data as ProfileDoc).email }));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return;
  }
  const uids = [...new Set(audience.uids)];
  for (let at = 0; at < uids.length; at += writesPerBatch) {
    const chunk = uids.slice(at, at + writesPerBatch);
    const snaps = await store.getAll(chunk.map(profilePath));
    yield snaps.flatMap((snap, i) => {
      const uid = chunk[i];
      return snap && uid && deliverable(snap.data as ProfileDoc) ? [{ uid, email: (snap.data as ProfileDoc).email }] : [];
    });
  }
}

export async function previewNotice(deps: NoticeDeps, audience: NoticeAudience): Promise<NoticePreview> {
  const preview = { recipients: 0, withEmail: 0 };
  for await (const page of recipientsOf(deps.store, audience)) {
    preview.recipients += page.length;
    preview.withEmail += page.filter((r) => r.email).length;
  }
  return preview;
}

export function noticeEmailText(request: Pick<CreateNoticeRequest, "kind" | "body">, inboxUrl: string): string {
  const label = request.kind === "incident" ? "Security incident notice" : "Policy update";
  return `${label} from Bez\n\n${request.body}\n\nYou can also read this notice in Bez: ${inboxUrl}\n\nYou receive this because you have a Bez account.\n`;
}

export async function sendNotice(deps: NoticeDeps, ctx: StaffContext, request: CreateNoticeRequest): Promise<NoticeAccepted> {
  const id = deps.ids.next();
  const sentAt = deps.clock.now();
  const inbox: InboxDoc = { kind: request.kind, subject: request.subject, body: request.body, sentAt, readAt: null, acknowledgedAt: null };
  const subject = request.kind === "incident" ? `[Bez security] ${request.subject}` : `[Bez] ${request.subject}`;
  const text = noticeEmailText(request, deps.inboxUrl);
  let recipients = 0;
  let emailed = 0;
  let mailFailures = 0;
  for await (const page of recipientsOf(deps.store, request.audience)) {
    if (page.length === 0) continue;
    const batch = deps.store.batch();
    for (const r of page) batch.set(`${inboxCollection(r.uid)}/${id}`, inbox);
    await batch.commit();
    recipients += page.length;
    const addresses = page.flatMap((r) => (r.email ? [r.email] : []));
    for (let at = 0; at < addresses.length; at += mailConcurrency) {
      const results = await Promise.allSettled(addresses.slice(at, at + mailConcurrency).map((to) => deps.mailer.send({ to, subject, text })));
      emailed += results.filter((r) => r.status === "fulfilled").length;
      mailFailures += results.filter((r) => r.status === "rejected").length;
    }
  }
  if (mailFailures > 0) deps.logger.warn("some notice emails could not be sent", { noticeId: id, failures: mailFailures });
  await deps.store.create(`${noticesCollection}/${id}`, {
    kind: request.kind,
    subject: request.subject,
    audience: request.audience === "all" ? "all" : "selected",
    recipients,
    emailed,
    sentAt,
    sentBy: ctx.principal.uid,
  });
  await recordStaffAction(deps.audit, ctx, {
    action: "notice.sent",
    target: { type: "notice", id },
    meta: { kind: request.kind, audience: request.audience === "all" ? "all" : "selected", recipients, emailed, mailFailures },
  });
  return { id, recipients, emailed };
}

function toNotice(doc: DocSnapshot): Notice {
  const d = doc.data as InboxDoc;
  return {
    id: doc.id,
    kind: d.kind,
    subject: d.subject,
    body: d.body,
    sentAt: d.sentAt.toISOString(),
    readAt: d.readAt?.toISOString() ?? null,
    acknowledgedAt: d.acknowledgedAt?.toISOString() ?? null,
  };
}

/** Unread are counted up to this many; the badge shows "99+" beyond. */
const unreadCountCap = 100;

export async function listNotices(store: DocumentStore, ctx: RequestContext, page: { limit: number; cursor?: string | undefined }): Promise<NoticeList> {
  const collection = inboxCollection(ctx.principal.uid);
  const [items, unread, policy] = await Promise.all([
    queryPage(store, { collection, orderBy: { field: "sentAt", direction: "desc" }, limit: page.limit, startAfter: page.cursor }),
    store.query({ collection, where: [{ field: "readAt", op: "==", value: null }], limit: unreadCountCap }),
    store.query({
      collection,
      where: [
        { field: "kind", op: "==", value: "policy" },
        { field: "acknowledgedAt", op: "==", value: null },
      ],
      limit: 1,
    }),
  ]);
  const pending = policy.docs[0];
  return { items: items.docs.map(toNotice), nextCursor: items.nextCursor, unread: unread.docs.length, pendingPolicy: pending ? toNotice(pending) : null };
}

/** Marks a notice read (and, with `acknowledge`, a policy notice acknowledged). Idempotent: the first time is kept. */
export async function markNotice(deps: { store: DocumentStore; clock: Clock }, ctx: RequestContext, id: string, acknowledge: boolean): Promise<Notice> {
  const path = `${inboxCollection(ctx.principal.uid)}/${id}`;
  return deps.store.runTransaction(async (tx) => {
    const snap = await tx.get(path);
    if (!snap) throw new DomainError("not-found", "There is no such notice in your inbox.");
    const d = snap.data as InboxDoc;
    if (acknowledge && d.kind !== "policy") throw new DomainError("conflict", "Only policy notices are acknowledged; this one can only be marked read.");
    const now = deps.clock.now();
    const patch: { readAt?: Date; acknowledgedAt?: Date } = {};
    if (d.readAt === null) patch.readAt = now;
    if (acknowledge && d.acknowledgedAt === null) patch.acknowledgedAt = now;
    if (Object.keys(patch).length > 0) tx.update(path, patch);
    return toNotice({ ...snap, data: { ...d, ...patch } });
  });
}
