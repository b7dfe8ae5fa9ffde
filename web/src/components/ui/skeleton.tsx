import { cn } from "@/lib/cn";

/** A placeholder block while content loads. Hidden from assistive technology; say "Loading" elsewhere. */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={cn("block animate-pulse rounded-md bg-sunken", className)} />;
}
