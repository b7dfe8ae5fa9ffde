import { useId, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { Spinner } from "./spinner";

/** An on/off switch (role="switch", Space/Enter toggle) with a label and an optional description. */
export function Switch({
  checked,
  onChange,
  label,
  description,
  disabled,
  busy,
  className,
}: {
  checked: boolean;
  onChange: (next: boolean) => void;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
  busy?: boolean;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={cn("flex items-start justify-between gap-5", className)}>
      <div className="min-w-0">
        <label htmlFor={id} className="cursor-pointer text-sm font-medium text-ink">
          {label}
        </label>
        {description ? <p id={`${id}-desc`} className="mt-0.5 text-[13px] leading-snug text-muted">{description}</p> : null}
      </div>
      <div className="flex shrink-0 items-center gap-2">
        {busy ? <Spinner className="text-muted" /> : null}
        <button
          id={id}
          type="button"
          role="switch"
          aria-checked={checked}
          aria-describedby={description ? `${id}-desc` : undefined}
          disabled={disabled || busy}
          onClick={() => onChange(!checked)}
          className={cn(
            "relative inline-flex h-6 w-11 items-center rounded-full border transition-colors duration-150",
            "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-60",
            checked ? "border-ink bg-ink" : "border-line-strong bg-sunken",
          )}
        >
          <span
            aria-hidden="true"
            className={cn(
              "inline-block size-[18px] rounded-full bg-surface shadow-sm transition-transform duration-150",
              checked ? "translate-x-[22px]" : "translate-x-[2px]",
            )}
          />
        </button>
      </div>
    </div>
  );
}
