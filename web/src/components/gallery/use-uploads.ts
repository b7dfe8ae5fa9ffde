"use client";

import type { ImageRecord } from "@bez/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { asApiError } from "@/lib/api";
import { checkImageFile } from "@/lib/image-files";
import type { Words } from "@/lib/problem-messages";

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  status: "checking" | "uploading" | "done" | "failed";
  /** 0..1 of the bytes sent. */
  progress: number;
  error: (Words & { requestId: string | null }) | null;
  record: ImageRecord | null;
}

/** At most this many files travel at once; the rest wait their turn. */
const PARALLEL = 2;

let counter = 0;

/**
 * Uploads with per-file progress: each file is checked in the browser first (type by content, size), then sent
 * with XMLHttpRequest so its progress can be shown. `onUploaded` hears about each stored image.
 */
export function useUploads(onUploaded: (record: ImageRecord) => void) {
  const { api } = useAuth();
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<{ key: string; file: File }[]>([]);
  const active = useRef(0);
  const controllers = useRef(new Map<string, AbortController>());
  const onUploadedRef = useRef(onUploaded);
  useEffect(() => {
    onUploadedRef.current = onUploaded;
  });
  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const c of running.values()) c.abort();
    };
  }, []);

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  }, []);

  const pump = useCallback(() => {
    while (active.current < PARALLEL && queue.current.length > 0) {
      const next = queue.current.shift()!;
      active.current++;
      void (async () => {
        const { key, file } = next;
        const controller = new AbortController();
        controllers.current.set(key, controller);
        try {
          const check = await checkImageFile(file);
          if (!check.ok) {
            update(key, { status: "failed", error: { ...check.words, requestId: null } });
            return;
          }
          update(key, { status: "uploading" });
          let last = 0;
          const record = await api.uploadImage(file, check.format, {
            signal: controller.signal,
            onProgress: (fraction) => {
              // Re-render at most every 2 %.
              if (fraction - last >= 0.02 || fraction === 1) {
                last = fraction;
                update(key, { progress: fraction });
              }
            },
          });
          update(key, { status: "done", progress: 1, record });
          onUploadedRef.current(record);
        } catch (err) {
          const e = asApiError(err);
          if (e.kind === "aborted") {
            setItems((list) => list.filter((item) => item.key !== key));
          } else {
            update(key, { status: "failed", error: { title: e.title, detail: e.detail, requestId: e.requestId } });
          }
        } finally {
          controllers.current.delete(key);
          active.current--;
          pump();
        }
      })();
    }
  }, [api, update]);

  const add = useCallback(
    (files: Iterable<File>) => {
      const added: UploadItem[] = [];
      for (const file of files) {
        const key = `up-${++counter}`;
        added.push({ key, name: file.name || "Pasted image", size: file.size, status: "checking", progress: 0, error: null, record: null });
        queue.current.push({ key, file });
      }
      if (added.length === 0) return;
      setItems((list) => [...added, ...list.filter((item) => item.status !== "done")]);
      pump();
    },
    [pump],
  );

  const dismiss = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    queue.current = queue.current.filter((q) => q.key !== key);
    setItems((list) => list.filter((item) => item.key !== key));
  }, []);

  const clearFinished = useCallback(() => setItems((list) => list.filter((item) => item.status === "uploading" || item.status === "checking")), []);

  return { items, add, dismiss, clearFinished };
}
