import type { GetServerSideProps } from "next";
import { readWebConfig } from "@/env";

export interface StaticPageProps {
  /** This request's CSP nonce (src/proxy.ts), for the page's two inline scripts. */
  nonce: string;
  /** Whether sign-in goes to the Auth emulator (the footer then warns against real passwords). */
  emulator: boolean;
}

/**
 * Rendered per request, like the app's pages: the CSP nonce is fresh each time, and one build serves any
 * configuration.
 */
export const getStaticPageProps: GetServerSideProps<StaticPageProps> = async ({ req }) => {
  const nonce = req.headers["x-nonce"];
  return {
    props: {
      nonce: typeof nonce === "string" ? nonce : "",
      emulator: readWebConfig().authEmulatorOrigin !== null,
    },
  };
};
