"use client";

import { Download } from "lucide-react";
import { useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, LiveRegion } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { ProblemAlert, Section } from "./section";

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Right of access: everything as one zip, fetched with the session's token and saved from memory. */
export function ExportSection() {
  const { api } = useAuth();
  const [phase, setPhase] = useState<"idle" | "preparing" | "done">("idle");
  const [received, setReceived] = useState(0);
  const [failure, setFailure] = useState<ApiError | null>(null);

  async function run() {
    if (phase === "preparing") return;
    setPhase("preparing");
    setReceived(0);
    setFailure(null);
    try {
      const blob = await api.exportAccount({ onProgress: setReceived });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `bez-export-${new Date().toISOString().slice(0, 10)}.zip`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
      setPhase("done");
    } catch (err) {
      setFailure(asApiError(err));
      setPhase("idle");
    }
  }

  return (
    <Section
      id="export"
      title="Export your data"
      description="One zip file with your profile, every generation with its description, all your images (decrypted, full size) and a log of your own account activity."
    >
      <div className="flex flex-wrap items-center gap-4">
        <Button variant="secondary" onClick={run} loading={phase === "preparing"} loadingText="Preparing your export…">
          <Download aria-hidden="true" className="size-4" /> Download my data
        </Button>
        <LiveRegion>
          {phase === "preparing" ? (
            <span className="text-[13px] text-muted" data-testid="export-progress">
              {received > 0 ? `${megabytes(received)} received…` : "Collecting your images…"}
            </span>
          ) : null}
        </LiveRegion>
      </div>
      <LiveRegion assertive>
        {failure ? <ProblemAlert error={failure} title="Your export didn’t download" className="mt-4" /> : null}
        {phase === "done" ? (
          <Alert tone="success" className="mt-4" role="status">
            Your export is saved in your downloads folder. Keep it somewhere safe: it holds your images unencrypted.
          </Alert>
        ) : null}
      </LiveRegion>
    </Section>
  );
}
