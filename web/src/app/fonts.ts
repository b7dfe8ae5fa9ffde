import localFont from "next/font/local";

/**
 * Geist (SIL OFL 1.1, see src/fonts/OFL-Geist.txt), the variable font of the `geist` package 1.9.2 cut to the Latin
 * range Cormorant below also uses, which takes it from 69 KB to 33 KB: it is preloaded by every page, on a phone's
 * connection beside the page's own code. Made with fontTools:
 * `pyftsubset Geist-Variable.woff2 --unicodes="U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+2215,U+FEFF,U+FFFD" --layout-features='*' --flavor=woff2`
 */
export const geistSans = localFont({
  src: "../fonts/geist-latin-wght.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  display: "swap",
});

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

export const fontVariables = [geistSans.variable, displaySerif.variable].join(" ");
