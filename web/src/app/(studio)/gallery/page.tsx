import type { Metadata } from "next";
import { Gallery } from "@/components/gallery/gallery";
import { RequireAuth } from "@/components/studio/require-auth";

export const metadata: Metadata = { title: "Gallery", robots: { index: false, follow: false } };

export default function GalleryPage() {
  return (
    <RequireAuth>
      <Gallery />
    </RequireAuth>
  );
}
