import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";
import { cn } from "@/lib/cn";
import { FieldError } from "./field";

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "id"> {
  /** The label; may contain links (clicking a link does not toggle the box). */
  label: ReactNode;
  description?: ReactNode;
  error?: ReactNode;
  id?: string;
  ref?: Ref<HTMLInputElement>;
}

/** A native checkbox (keyboard, forms and screen readers work as usual) with the Bez look. */
export function Checkbox({ label, description, error, id, className, ref, ...rest }: CheckboxProps) {
  const autoId = useId();
  const boxId = id ?? `cb-${autoId}`;
  const errorId = `${boxId}-error`;
  const descId = `${boxId}-desc`;
  return (
    <div className={className}>
      <div className="flex items-start gap-3">
        <span className="relative mt-0.5 flex size-5 shrink-0 items-center justify-center">
          <input
            ref={ref}
            id={boxId}
            type="checkbox"
            aria-invalid={error ? true : undefined}
            aria-describedby={[description ? descId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined}
            className={cn(
              "peer size-5 cursor-pointer appearance-none rounded-[5px] border border-line-strong bg-surface",
              "transition-colors duration-150 hover:border-ink/50 checked:border-ink checked:bg-ink",
              "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent",
              "aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-50",
            )}
            {...rest}
          />
          <svg
            aria-hidden="true"
            viewBox="0 0 16 16"
            fill="none"
            className="pointer-events-none absolute size-3.5 text-canvas opacity-0 transition-opacity peer-checked:opacity-100"
          >
            <path d="M3.5 8.5 6.5 11.5 12.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </span>
        <div className="min-w-0 text-sm leading-6">
          <label htmlFor={boxId} className="cursor-pointer text-ink">
            {label}
          </label>
          {description ? (
            <p id={descId} className="text-[13px] leading-snug text-muted">
              {description}
            </p>
          ) : null}
        </div>
      </div>
      {error ? (
        <div className="pl-8">
          <FieldError id={errorId}>{error}</FieldError>
        </div>
      ) : null}
    </div>
  );
}
