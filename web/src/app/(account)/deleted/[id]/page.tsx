import type { Metadata } from "next";
import { DeletionReceiptView } from "@/components/settings/deletion-receipt";

export const metadata: Metadata = { title: "Deletion receipt", robots: { index: false, follow: false } };

export default async function DeletedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DeletionReceiptView id={id} />;
}
