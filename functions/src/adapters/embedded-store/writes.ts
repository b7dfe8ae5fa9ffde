/** Buffered writes for batches and transactions, checked when made (as firebase-admin does) and applied at commit. */
import type { DocData, DocPatch, WriteOps } from "../../ports.ts";
import type { DocRef } from "../doc-paths.ts";
import { parseDocPath } from "../doc-paths.ts";
import type { FieldUpdate } from "./patch.ts";
import { preparePatch } from "./patch.ts";
import { importData } from "./values.ts";

export type Write =
  | { kind: "create" | "set"; ref: DocRef; data: DocData }
  | { kind: "update"; ref: DocRef; updates: FieldUpdate[] }
  | { kind: "delete"; ref: DocRef };

export class WriteCollector implements WriteOps {
  readonly writes: Write[] = [];

  /** `beforeWrite` may throw to refuse the write (a finished transaction, a committed batch). */
  constructor(private readonly beforeWrite: () => void) {}

  create(path: string, data: DocData): void {
    this.beforeWrite();
    this.writes.push({ kind: "create", ref: parseDocPath(path), data: importData(data) });
  }

  set(path: string, data: DocData): void {
    this.beforeWrite();
    this.writes.push({ kind: "set", ref: parseDocPath(path), data: importData(data) });
  }

  update(path: string, patch: DocPatch): void {
    this.beforeWrite();
    this.writes.push({ kind: "update", ref: parseDocPath(path), updates: preparePatch(patch) });
  }

  delete(path: string): void {
    this.beforeWrite();
    this.writes.push({ kind: "delete", ref: parseDocPath(path) });
  }
}
