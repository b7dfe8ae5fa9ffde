import { Head, Html, Main, NextScript } from "next/document";

export default function StaticDocument() {
  return (
    <Html lang="en">
      <Head />
      <body className="bg-canvas text-ink">
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
