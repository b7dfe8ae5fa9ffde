import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** Error text under a control. Referenced from the control with aria-describedby. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="mt-1.5 flex items-start gap-1.5 text-[13px] leading-snug text-danger">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="mt-[3px] size-3 shrink-0" fill="currentColor">
        <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Zm-.75 3.25h1.5v4.5h-1.5v-4.5Zm0 5.75h1.5V12h-1.5v-1.5Z" />
      </svg>
      <span>{children}</span>
    </p>
  );
}

export function FieldHint({ id, children, className }: { id: string; children: ReactNode; className?: string }) {
  return (
    <p id={id} className={cn("mt-1.5 text-[13px] leading-snug text-muted", className)}>
      {children}
    </p>
  );
}

export function Label({
  htmlFor,
  children,
  optional,
  className,
}: {
  htmlFor: string;
  children: ReactNode;
  optional?: boolean;
  className?: string;
}) {
  return (
    <label htmlFor={htmlFor} className={cn("mb-1.5 block text-[13px] font-medium text-ink", className)}>
      {children}
      {optional ? <span className="ml-1 font-normal text-muted">(optional)</span> : null}
    </label>
  );
}

/** The ids a control points at with aria-describedby, for whichever of hint and error are shown. */
export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const list = ids.filter(Boolean);
  return list.length ? list.join(" ") : undefined;
}
