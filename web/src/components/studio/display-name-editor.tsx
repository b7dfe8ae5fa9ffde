"use client";

import "@/lib/zod-setup";
import { DisplayName, displayNameMaxLength, type Me } from "@bez/contracts";
import { Check, Pencil } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, FieldError, LiveRegion } from "@/components/ui";
import { inputClasses } from "@/components/ui/input";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";

/** The display name, editable in place (right to correction): Enter saves, Escape cancels. */
export function DisplayNameEditor({ me, onSaved }: { me: Me; onSaved: (me: Me) => void }) {
  const { api } = useAuth();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(me.displayName ?? "");
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (editing) inputRef.current?.focus();
  }, [editing]);

  useEffect(() => {
    if (!saved) return;
    const t = setTimeout(() => setSaved(false), 4000);
    return () => clearTimeout(t);
  }, [saved]);

  function startEditing() {
    setValue(me.displayName ?? "");
    setError(null);
    setFailure(null);
    setSaved(false);
    setEditing(true);
  }

  function cancel() {
    setEditing(false);
    setError(null);
    setFailure(null);
    queueMicrotask(() => editButtonRef.current?.focus());
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const parsed = DisplayName.safeParse(value);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Please check the name.");
      inputRef.current?.focus();
      return;
    }
    if (parsed.data === (me.displayName ?? "")) {
      cancel();
      return;
    }
    setBusy(true);
    setError(null);
    setFailure(null);
    try {
      const updated = await api.patchMe({ displayName: parsed.data });
      onSaved(updated);
      setEditing(false);
      setSaved(true);
      queueMicrotask(() => editButtonRef.current?.focus());
    } catch (err) {
      const apiError = asApiError(err);
      const fieldMessage = apiError.fieldError("displayName");
      if (fieldMessage) {
        setError(fieldMessage);
        inputRef.current?.focus();
      } else {
        setFailure(apiError);
      }
    } finally {
      setBusy(false);
    }
  }

  if (!editing) {
    return (
      <div className="flex min-h-9 items-center justify-between gap-3">
        <span className={cn("truncate", me.displayName ? "text-ink" : "italic text-muted")} data-testid="display-name">
          {me.displayName ?? "Not set yet"}
        </span>
        <div className="flex items-center gap-2">
          <LiveRegion>
            {saved ? (
              <span className="inline-flex items-center gap-1 text-[13px] text-success">
                <Check aria-hidden="true" className="size-3.5" /> Saved
              </span>
            ) : null}
          </LiveRegion>
          <Button ref={editButtonRef} variant="ghost" size="sm" onClick={startEditing} aria-label="Edit display name">
            <Pencil aria-hidden="true" className="size-3.5" /> Edit
          </Button>
        </div>
      </div>
    );
  }

  const errorId = "display-name-error";
  return (
    <form noValidate onSubmit={onSubmit} aria-label="Edit display name" className="space-y-2">
      <label htmlFor="display-name-input" className="sr-only">
        Display name
      </label>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <input
          ref={inputRef}
          id="display-name-input"
          name="displayName"
          autoComplete="name"
          maxLength={displayNameMaxLength + 20}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            if (error) setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              cancel();
            }
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          placeholder="How should we greet you?"
          className={cn(inputClasses, "h-10 text-sm")}
        />
        <div className="flex shrink-0 gap-2">
          <Button type="submit" loading={busy} loadingText="Saving…">
            Save
          </Button>
          <Button variant="ghost" onClick={cancel}>
            Cancel
          </Button>
        </div>
      </div>
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
      <LiveRegion assertive>
        {failure ? (
          <Alert
            tone="error"
            title={failure.title}
            footnote={failure.requestId ? `Reference: ${failure.requestId}` : undefined}
          >
            {failure.detail}
          </Alert>
        ) : null}
      </LiveRegion>
    </form>
  );
}
