import localFont from "next/font/local";
import { GeistSans } from "geist/font/sans";

/** Cormorant Garamond (SIL OFL 1.1, see src/fonts/OFL-CormorantGaramond.txt), Latin subset, self-hosted. */
export const displaySerif = localFont({
  src: [
    { path: "../fonts/cormorant-garamond-latin-wght-normal.woff2", style: "normal", weight: "300 700" },
    { path: "../fonts/cormorant-garamond-latin-wght-italic.woff2", style: "italic", weight: "300 700" },
  ],
  variable: "--font-display-serif",
  display: "swap",
  // The swap-in fallback is sized to a serif's metrics, so headings barely move when the font arrives.
  adjustFontFallback: "Times New Roman",
  fallback: ["Iowan Old Style", "Georgia", "serif"],
});

export const fontVariables = [GeistSans.variable, displaySerif.variable].join(" ");
