import type { ReactNode } from "react";
import { Card } from "@/components/ui";

export function AuthCard({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <>
      <div className="mb-8 text-center">
        <h1 className="font-display text-[40px] font-medium leading-tight text-ink">{title}</h1>
        {subtitle ? <p className="mt-2 text-[15px] text-ink-soft">{subtitle}</p> : null}
      </div>
      <Card className="px-6 py-7 sm:px-8 sm:py-8">{children}</Card>
      {footer ? <div className="mt-6 text-center text-sm text-ink-soft">{footer}</div> : null}
    </>
  );
}
