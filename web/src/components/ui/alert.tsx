import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export type AlertTone = "error" | "info" | "success" | "warning";

const tones: Record<AlertTone, { box: string; icon: ReactNode }> = {
  error: {
    box: "border-danger/25 bg-danger-soft text-danger",
    icon: <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.9 4h1.8v5.2H9.1V6Zm0 6.8h1.8v1.8H9.1v-1.8Z" />,
  },
  warning: {
    box: "border-warning/25 bg-warning-soft text-warning",
    icon: <path d="M10 2.5 1.5 17h17L10 2.5Zm-.9 5h1.8v4.6H9.1V7.5Zm0 5.9h1.8v1.8H9.1v-1.8Z" />,
  },
  success: {
    box: "border-success/25 bg-success-soft text-success",
    icon: <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-1.2 11.4L5.5 10.1l1.3-1.3 2 2 4.4-4.4 1.3 1.3-5.7 5.7Z" />,
  },
  info: {
    box: "border-line-strong bg-accent-soft text-ink",
    icon: <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.9 3.6h1.8v1.8H9.1V5.6Zm0 3.4h1.8v5.4H9.1V9Z" />,
  },
};

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Small print under the message, e.g. a request id for support. */
  footnote?: ReactNode;
  action?: ReactNode;
  className?: string;
  /** role="alert" makes screen readers announce it at once; use for errors that appear after an action. */
  role?: "alert" | "status";
}

export function Alert({ tone = "info", title, children, footnote, action, className, role }: AlertProps) {
  const t = tones[tone];
  return (
    <div role={role} className={cn("flex gap-3 rounded-xl border px-4 py-3.5 text-sm animate-fade-in", t.box, className)}>
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 size-4 shrink-0">
        {t.icon}
      </svg>
      <div className="min-w-0 flex-1 leading-relaxed">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className={cn(title ? "mt-0.5" : null, "text-ink-soft [&_a]:underline")}>{children}</div> : null}
        {footnote ? <p className="mt-1.5 font-mono text-[11px] text-muted">{footnote}</p> : null}
        {action ? <div className="mt-3">{action}</div> : null}
      </div>
    </div>
  );
}

/**
 * A polite/assertive live region that is always in the DOM, so messages placed in it are announced.
 * Render the Alert inside it when there is something to say.
 */
export function LiveRegion({
  children,
  assertive = false,
  className,
}: {
  children?: ReactNode;
  assertive?: boolean;
  className?: string;
}) {
  return (
    <div aria-live={assertive ? "assertive" : "polite"} aria-atomic="true" className={className}>
      {children}
    </div>
  );
}
