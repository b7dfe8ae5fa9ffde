import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";
import { cn } from "@/lib/cn";
import { describedBy, FieldError, FieldHint, Label } from "./field";

/** Text-field look without a height (callers add one: h-11 in forms, h-10 inline). */
export const inputClasses =
  "block w-full rounded-lg border border-line-strong bg-surface px-3.5 text-[15px] text-ink " +
  "placeholder:text-muted/70 transition-[border-color,box-shadow] duration-150 hover:border-ink/35 " +
  "focus:border-accent focus:outline-none focus:ring-4 focus:ring-accent/25 " +
  "disabled:cursor-not-allowed disabled:bg-sunken disabled:text-muted " +
  "aria-invalid:border-danger aria-invalid:focus:ring-danger/15";

export interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: ReactNode;
  /** Shown under the field while there is no error. */
  hint?: ReactNode;
  error?: ReactNode;
  optional?: boolean;
  id?: string;
  ref?: Ref<HTMLInputElement>;
  /** Rendered inside the field on the right (e.g. a show-password toggle). */
  trailing?: ReactNode;
  /** Rendered between the field and its hint/error (e.g. a strength meter). */
  below?: ReactNode;
  containerClassName?: string;
}

/** A labelled text input with hint and error wired to assistive technology. */
export function Input({
  label,
  hint,
  error,
  optional,
  id,
  className,
  trailing,
  below,
  containerClassName,
  ref,
  ...rest
}: InputProps) {
  const autoId = useId();
  const inputId = id ?? `in-${autoId}`;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <div className={containerClassName}>
      <Label htmlFor={inputId} optional={optional}>
        {label}
      </Label>
      <div className="relative">
        <input
          ref={ref}
          id={inputId}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(error ? errorId : hint ? hintId : null)}
          className={cn(inputClasses, "h-11", trailing ? "pr-12" : null, className)}
          {...rest}
        />
        {trailing ? <div className="absolute inset-y-0 right-1.5 flex items-center">{trailing}</div> : null}
      </div>
      {below}
      {error ? <FieldError id={errorId}>{error}</FieldError> : hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
    </div>
  );
}
