import { cn } from "@/lib/cn";
import { passwordStrength } from "@/lib/password-strength";

const barColors = ["bg-line-strong", "bg-danger", "bg-warning", "bg-accent", "bg-success"] as const;
const textColors = ["text-muted", "text-danger", "text-warning", "text-accent", "text-success"] as const;

/** A four-step strength bar with a one-line tip. Announced politely as it changes. */
export function StrengthMeter({ password, id, hideTip = false }: { password: string; id: string; hideTip?: boolean }) {
  if (!password) {
    return (
      <p id={id} className="mt-2 text-[13px] text-muted">
        At least 8 characters. A few unrelated words make a strong, memorable passphrase.
      </p>
    );
  }
  const s = passwordStrength(password);
  return (
    <div id={id} className="mt-2.5" data-testid="password-strength">
      <div className="flex gap-1" aria-hidden="true">
        {[1, 2, 3, 4].map((step) => (
          <span
            key={step}
            className={cn("h-1 flex-1 rounded-full transition-colors", s.level >= step ? barColors[s.level] : "bg-line")}
          />
        ))}
      </div>
      {hideTip ? null : (
        <p className="mt-1.5 text-[13px] leading-snug text-muted" aria-live="polite">
          <span className={cn("font-medium", textColors[s.level])}>{s.label}.</span> {s.tip}
        </p>
      )}
    </div>
  );
}
