import { analyticsStorageKey } from "@/lib/analytics";

/**
 * A parser-blocking one-liner at the top of <body>: when this browser has already answered the cookie question, it
 * marks <html> so the server-rendered banner is hidden by CSS before anything is painted (see globals.css).
 */
export function ConsentAnsweredScript({ nonce }: { nonce: string | undefined }) {
  const key = JSON.stringify(analyticsStorageKey);
  const code = `try{if(/^(granted|denied)$/.test(localStorage.getItem(${key})||""))document.documentElement.setAttribute("data-consent-answered","")}catch(e){}`;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: code }} />;
}
