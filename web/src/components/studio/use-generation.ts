"use client";

import { terminalStatuses, type Generation, type GenerationEvent } from "@bez/contracts";
import { useEffect, useRef, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { asApiError, type ApiError } from "@/lib/api";

export type Connection = "connecting" | "live" | "reconnecting" | "closed";

export function isTerminal(g: Pick<Generation, "status">): boolean {
  return terminalStatuses.includes(g.status);
}

function merge(g: Generation, e: GenerationEvent): Generation {
  return { ...g, status: e.status, progress: e.progress, outputs: e.outputs, error: e.error, updatedAt: e.updatedAt };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * Follows one generation live: its record once, then `status` events over SSE (fetch streaming, so the Bearer
 * token goes along). A dropped stream reconnects with Last-Event-ID and a growing pause, re-reading the record
 * in between so a finish that happened while disconnected is never missed.
 */
export function useGeneration(id: string | null, onSettled?: (g: Generation) => void) {
  const { api } = useAuth();
  const [generation, setGeneration] = useState<Generation | null>(null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<ApiError | null>(null);
  const settled = useRef(onSettled);
  useEffect(() => {
    settled.current = onSettled;
  });

  useEffect(() => {
    setGeneration(null);
    setError(null);
    if (!id) return;
    const abort = new AbortController();
    const { signal } = abort;
    let current: Generation | null = null;
    const set = (g: Generation) => {
      current = g;
      setGeneration(g);
    };

    void (async () => {
      setConnection("connecting");
      let pause = 1000;
      let lastEventId: string | undefined;
      let watchedRunning = false;
      for (;;) {
        if (signal.aborted) return;
        try {
          set(await api.getGeneration(id));
          setError(null);
        } catch (err) {
          const e = asApiError(err);
          if (signal.aborted) return;
          if (e.kind !== "network" && e.status !== null && e.status < 500 && e.status !== 429) {
            setError(e);
            setConnection("closed");
            return;
          }
          setConnection("reconnecting");
          await sleep(pause, signal);
          pause = Math.min(pause * 2, 10_000);
          continue;
        }
        if (current && isTerminal(current)) break;
        watchedRunning = true;
        try {
          setConnection("live");
          const finished = await api.streamGenerationEvents(id, {
            signal,
            lastEventId,
            onEvent: (event, eventId) => {
              lastEventId = eventId || lastEventId;
              if (current) set(merge(current, event));
              pause = 1000;
            },
          });
          if (finished) break;
        } catch (err) {
          const e = asApiError(err);
          if (signal.aborted || e.kind === "aborted") return;
          if (e.kind !== "network" && e.status !== null && e.status < 500 && e.status !== 429) {
            setError(e);
            setConnection("closed");
            return;
          }
        }
        // The stream ended before a final status (a server time limit, or the network): try again shortly.
        setConnection("reconnecting");
        await sleep(pause, signal);
        pause = Math.min(pause * 2, 10_000);
      }
      if (signal.aborted) return;
      setConnection("closed");
      // The final record (completedAt and the rest) for whoever shows the result.
      try {
        set(await api.getGeneration(id));
      } catch {
        // The last event already carried the outcome.
      }
      if (current && watchedRunning && !signal.aborted) settled.current?.(current);
    })();

    return () => abort.abort();
  }, [api, id]);

  return { generation, setGeneration, connection, error };
}
