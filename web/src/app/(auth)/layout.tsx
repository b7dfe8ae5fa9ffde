import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="relative flex flex-1 justify-center px-5 pb-20 pt-12 sm:pt-16">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 top-0 -z-10 h-80 bg-gradient-to-b from-accent-soft/70 to-transparent"
      />
      <div className="w-full max-w-[440px]">{children}</div>
    </div>
  );
}
