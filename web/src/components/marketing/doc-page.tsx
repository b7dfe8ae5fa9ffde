import type { ReactNode } from "react";

/** The frame of a long-form page (privacy, security): title block, optional table of contents, prose. */
export function DocPage({
  eyebrow,
  title,
  intro,
  meta,
  toc,
  children,
}: {
  eyebrow: string;
  title: string;
  intro: ReactNode;
  meta?: ReactNode;
  toc?: Array<{ id: string; label: string }>;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-6xl px-5 pb-24 pt-14 sm:px-8 lg:pt-20">
      <header className="max-w-3xl">
        <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">{eyebrow}</p>
        <h1 className="mt-4 font-display text-5xl font-medium leading-[1.05] text-ink sm:text-6xl">{title}</h1>
        <div className="mt-6 text-lg leading-relaxed text-ink-soft">{intro}</div>
        {meta ? <p className="mt-4 text-[13px] text-muted">{meta}</p> : null}
      </header>
      <div className="mt-12 grid gap-12 lg:grid-cols-[200px_minmax(0,1fr)]">
        {toc ? (
          <nav aria-label="On this page" className="hidden lg:block">
            <div className="sticky top-24">
              <p className="text-[11px] font-semibold uppercase tracking-[0.18em] text-muted">On this page</p>
              <ul className="mt-3 space-y-2 border-l border-line text-sm">
                {toc.map((t) => (
                  <li key={t.id}>
                    <a href={`#${t.id}`} className="-ml-px block border-l border-transparent pl-4 text-ink-soft hover:border-accent hover:text-ink">
                      {t.label}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        ) : null}
        <article className="prose-bez max-w-2xl [&>h2:first-child]:mt-0">{children}</article>
      </div>
    </div>
  );
}
