"use client";

import { noticeLimits, type NoticeAccepted, type NoticeAudience, type NoticeKind, type NoticePreview } from "@bez/contracts";
import { Mail, Send } from "lucide-react";
import { useEffect, useId, useMemo, useState, type FormEvent } from "react";
import { NoticeCard, noticeKindLabels } from "@/components/notices/notice-card";
import { useAuth } from "@/components/providers/auth-provider";
import { ProblemAlert } from "@/components/settings/section";
import { Alert, Button, ConfirmDialog, describedBy, FieldError, FieldHint, Input, inputClasses, Label, LiveRegion, Spinner } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { formatNumber } from "@/lib/format";

const PREVIEW_DELAY_MS = 400;

/** Uids typed one per line, or separated by commas or spaces; duplicates dropped. */
function parseUids(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

function people(n: number): string {
  return `${formatNumber(n)} ${n === 1 ? "person" : "people"}`;
}

/** Admins write an incident or policy notice, see how it will look, learn how many it reaches, and send it. */
export function NoticeComposer() {
  const { api } = useAuth();
  const ids = { kind: useId(), body: useId(), uids: useId(), audience: useId() };
  const [kind, setKind] = useState<NoticeKind>("incident");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [audienceKind, setAudienceKind] = useState<"all" | "uids">("all");
  const [uidText, setUidText] = useState("");
  const [errors, setErrors] = useState<{ subject?: string; body?: string; uids?: string }>({});
  const [preview, setPreview] = useState<{ key: string; result: NoticePreview | null; error: ApiError | null } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<NoticeAccepted | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const uids = useMemo(() => parseUids(uidText), [uidText]);
  const audience: NoticeAudience | null = audienceKind === "all" ? "all" : uids.length ? { uids } : null;
  const audienceKey = audience === null ? "" : JSON.stringify(audience);

  // The recipients count follows the audience as it is typed (debounced; the last answer wins).
  useEffect(() => {
    if (!audienceKey) return;
    let current = true;
    const timer = window.setTimeout(() => {
      api.previewNotice(JSON.parse(audienceKey) as NoticeAudience).then(
        (result) => current && setPreview({ key: audienceKey, result, error: null }),
        (err) => current && setPreview({ key: audienceKey, result: null, error: asApiError(err) }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [api, audienceKey]);
  const counted = preview && preview.key === audienceKey ? preview : null;

  function validate(): boolean {
    const found: typeof errors = {};
    if (!subject.trim()) found.subject = "Write a subject: it is the email’s subject line too.";
    else if (subject.trim().length > noticeLimits.subject) found.subject = `Keep the subject to ${noticeLimits.subject} characters.`;
    if (!body.trim()) found.body = "Write the message.";
    else if (body.trim().length > noticeLimits.body) found.body = `Keep the message to ${formatNumber(noticeLimits.body)} characters.`;
    if (audienceKind === "uids" && uids.length === 0) found.uids = "Add at least one user id, or send to everyone.";
    else if (uids.length > noticeLimits.uids && audienceKind === "uids") found.uids = `At most ${noticeLimits.uids} user ids; choose “Everyone” for more.`;
    setErrors(found);
    return Object.keys(found).length === 0;
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSent(null);
    setFailure(null);
    if (validate()) setConfirming(true);
  }

  async function send() {
    if (sending || !audience) return;
    setSending(true);
    setFailure(null);
    try {
      const accepted = await api.sendNotice({ kind, subject: subject.trim(), body: body.trim(), audience });
      setSent(accepted);
      setConfirming(false);
      setSubject("");
      setBody("");
    } catch (err) {
      setFailure(asApiError(err));
    } finally {
      setSending(false);
    }
  }

  const inboxUrl = typeof window === "undefined" ? "/notices" : `${window.location.origin}/notices`;
  const draft = {
    kind,
    subject: subject.trim() || "Your subject",
    body: body.trim() || "Your message appears here.",
    sentAt: new Date().toISOString(),
    readAt: null,
  };

  return (
    <>
      <h1 className="font-display text-[40px] font-medium leading-tight text-ink">Send a notice</h1>
      <p className="mt-1 max-w-2xl text-ink-soft">
        Incidents and policy changes reach each person’s inbox in Bez and their email. A policy notice stays as a banner
        on every page until they confirm they have read it.
      </p>
      <LiveRegion assertive className="mt-5 max-w-3xl empty:hidden">
        {sent ? (
          <Alert tone="success" role="status" title="Notice sent">
            Delivered to {people(sent.recipients)} in Bez; {formatNumber(sent.emailed)} {sent.emailed === 1 ? "email" : "emails"} sent.
          </Alert>
        ) : null}
        {failure && !confirming ? <ProblemAlert error={failure} title="The notice wasn’t sent" /> : null}
      </LiveRegion>
      <div className="mt-6 grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <form onSubmit={onSubmit} noValidate className="space-y-5 rounded-[var(--radius-card)] border border-line bg-surface p-6 shadow-[var(--shadow-card)]">
          <fieldset>
            <legend className="mb-2 text-[13px] font-medium text-ink">Kind</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {(["incident", "policy"] as const).map((k) => (
                <label
                  key={k}
                  className={cn(
                    "flex cursor-pointer items-start gap-2.5 rounded-lg border px-3.5 py-3 text-sm transition-colors has-[:focus-visible]:ring-4 has-[:focus-visible]:ring-accent/25",
                    kind === k ? "border-accent bg-accent-soft" : "border-line-strong hover:border-ink/35",
                  )}
                >
                  <input type="radio" name={ids.kind} value={k} checked={kind === k} onChange={() => setKind(k)} className="mt-0.5 accent-[var(--color-accent)]" />
                  <span>
                    <span className="block font-medium text-ink">{noticeKindLabels[k]}</span>
                    <span className="text-[13px] text-muted">
                      {k === "incident" ? "Something happened that affects them." : "A policy change; they must acknowledge it."}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <Input
            label="Subject"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            maxLength={noticeLimits.subject}
            error={errors.subject}
            hint={`${subject.length}/${noticeLimits.subject}`}
          />
          <div>
            <Label htmlFor={ids.body}>Message</Label>
            <textarea
              id={ids.body}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={7}
              maxLength={noticeLimits.body}
              aria-invalid={errors.body ? true : undefined}
              aria-describedby={describedBy(errors.body ? `${ids.body}-error` : `${ids.body}-hint`)}
              className={cn(inputClasses, "min-h-40 py-2.5 leading-relaxed")}
            />
            {errors.body ? (
              <FieldError id={`${ids.body}-error`}>{errors.body}</FieldError>
            ) : (
              <FieldHint id={`${ids.body}-hint`}>Plain text; line breaks are kept. Say what happened, what it means for them and what they should do.</FieldHint>
            )}
          </div>
          <fieldset>
            <legend className="mb-2 text-[13px] font-medium text-ink">Recipients</legend>
            <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name={ids.audience} checked={audienceKind === "all"} onChange={() => setAudienceKind("all")} className="accent-[var(--color-accent)]" />
                Everyone
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name={ids.audience} checked={audienceKind === "uids"} onChange={() => setAudienceKind("uids")} className="accent-[var(--color-accent)]" />
                Chosen users
              </label>
            </div>
            {audienceKind === "uids" ? (
              <div className="mt-3">
                <Label htmlFor={ids.uids}>User ids</Label>
                <textarea
                  id={ids.uids}
                  value={uidText}
                  onChange={(e) => setUidText(e.target.value)}
                  rows={3}
                  spellCheck={false}
                  aria-invalid={errors.uids ? true : undefined}
                  aria-describedby={describedBy(errors.uids ? `${ids.uids}-error` : `${ids.uids}-hint`)}
                  className={cn(inputClasses, "py-2.5 font-mono text-[13px]")}
                />
                {errors.uids ? (
                  <FieldError id={`${ids.uids}-error`}>{errors.uids}</FieldError>
                ) : (
                  <FieldHint id={`${ids.uids}-hint`}>One per line, or separated by commas. Find ids under Users and roles.</FieldHint>
                )}
              </div>
            ) : null}
            <p className="mt-3 flex min-h-5 items-center gap-2 text-[13px]" data-testid="notice-recipients" aria-live="polite">
              {!audience ? (
                <span className="text-muted">Add user ids to see how many people this reaches.</span>
              ) : counted?.result ? (
                <span className="text-ink">
                  Reaches <strong>{people(counted.result.recipients)}</strong>; {formatNumber(counted.result.withEmail)} by email too.
                </span>
              ) : counted?.error ? (
                <span className="text-danger">{counted.error.title}. The count will be checked again when you send.</span>
              ) : (
                <span className="flex items-center gap-2 text-muted">
                  <Spinner /> Counting recipients…
                </span>
              )}
            </p>
          </fieldset>
          <div className="border-t border-line pt-5">
            <Button type="submit">
              <Send aria-hidden="true" className="size-4" /> Review and send
            </Button>
          </div>
        </form>

        <aside aria-label="Preview" className="space-y-6" data-testid="notice-preview">
          <div>
            <h2 className="mb-2 text-[13px] font-medium uppercase tracking-[0.12em] text-muted">In their inbox</h2>
            <NoticeCard notice={draft} open />
          </div>
          {kind === "policy" ? (
            <div>
              <h2 className="mb-2 text-[13px] font-medium uppercase tracking-[0.12em] text-muted">Banner on every page</h2>
              <div className="rounded-lg border border-accent/25 bg-accent-soft px-4 py-3 text-sm">
                <p className="font-medium text-ink">
                  <span className="text-accent">Policy update:</span> {draft.subject}
                </p>
                <p className="mt-0.5 line-clamp-2 whitespace-pre-line text-ink-soft">{draft.body}</p>
                <p className="mt-2 inline-flex rounded-full bg-ink px-3 py-1 text-[12px] font-medium text-canvas">I have read it</p>
              </div>
            </div>
          ) : null}
          <div>
            <h2 className="mb-2 text-[13px] font-medium uppercase tracking-[0.12em] text-muted">By email</h2>
            <div className="overflow-hidden rounded-[var(--radius-card)] border border-line bg-surface shadow-[var(--shadow-card)]">
              <dl className="space-y-1 border-b border-line bg-canvas/60 px-5 py-3 text-[13px]">
                <div className="flex gap-2">
                  <dt className="w-16 text-muted">From</dt>
                  <dd className="text-ink">Bez</dd>
                </div>
                <div className="flex gap-2">
                  <dt className="w-16 text-muted">Subject</dt>
                  <dd className="min-w-0 font-medium text-ink [overflow-wrap:anywhere]">
                    {kind === "incident" ? "[Bez security]" : "[Bez]"} {draft.subject}
                  </dd>
                </div>
              </dl>
              <div className="px-5 py-4 text-sm leading-relaxed text-ink-soft">
                <p className="flex items-center gap-2 font-medium text-ink">
                  <Mail aria-hidden="true" className="size-4 text-accent" />
                  {kind === "incident" ? "Security incident notice" : "Policy update"} from Bez
                </p>
                <p className="mt-3 whitespace-pre-line [overflow-wrap:anywhere]">{draft.body}</p>
                <p className="mt-4">
                  You can also read this notice in Bez: <span className="text-accent underline underline-offset-2">{inboxUrl}</span>
                </p>
                <p className="mt-3 text-[12px] text-muted">You receive this because you have a Bez account.</p>
              </div>
            </div>
          </div>
        </aside>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Send this ${kind} notice?`}
        description={
          <>
            “{subject.trim()}” goes to{" "}
            {audienceKind === "all" ? "everyone with a Bez account" : `${people(uids.length)} you listed`}
            {counted?.result ? ` — ${people(counted.result.recipients)} in Bez, ${formatNumber(counted.result.withEmail)} by email` : ""}. A
            sent notice can’t be taken back.
          </>
        }
        confirmLabel="Send notice"
        busyLabel="Sending…"
        busy={sending}
        tone="primary"
        onConfirm={send}
        onCancel={() => setConfirming(false)}
        error={failure ? <ProblemAlert error={failure} /> : null}
      />
    </>
  );
}
