import type { ReactNode } from "react";
import { Alert, Card, CardBody, CardHeader } from "@/components/ui";
import type { ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";

/** One settings card, with an anchor for the side navigation. */
export function Section({
  id,
  title,
  description,
  children,
  tone = "normal",
  action,
}: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  tone?: "normal" | "danger";
  action?: ReactNode;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-24">
      <Card className={cn(tone === "danger" && "border-danger/30")}>
        <CardHeader title={<span id={`${id}-title`} className={cn(tone === "danger" && "text-danger")}>{title}</span>} description={description} action={action} />
        <CardBody>{children}</CardBody>
      </Card>
    </section>
  );
}

/** An API failure in plain words, with the reference support needs. */
export function ProblemAlert({ error, className, title }: { error: ApiError; className?: string; title?: string }) {
  return (
    <Alert tone="error" title={title ?? error.title} className={className} footnote={error.requestId ? `Reference: ${error.requestId}` : undefined}>
      {error.detail}
    </Alert>
  );
}
