import type { AppProps } from "next/app";
import { fontVariables } from "@/app/fonts";
import { cn } from "@/lib/cn";
import "@/app/globals.css";

/**
 * The pages under src/pages are the few served without JavaScript (see pages/index.tsx); everything else is in
 * src/app. The font variables sit on this wrapper, as the app's root layout puts them on <html>.
 */
export default function StaticApp({ Component, pageProps }: AppProps) {
  return (
    <div className={cn(fontVariables, "flex min-h-dvh flex-col font-sans")}>
      <Component {...pageProps} />
    </div>
  );
}
