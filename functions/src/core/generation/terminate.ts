/**
 * Ends a generation before its predictions have: the user cancels, the deadline passes, or the model could not be
 * reached when creating it. Every prediction not yet settled is settled (refunded) in the same transaction that
 * makes the generation terminal, so a late webhook or an ingestion still in flight finds nothing left to do.
 */
import type { GenerationErrorCode } from "@bez/contracts";
import type { DocPatch } from "../../ports.ts";
import type { GenerationDeps } from "./deps.ts";
import { type GenerationDoc, type PredictionDoc, generationError, generationPath, isTerminal, predictionPath } from "./records.ts";
import { donePatch, noSettlement, settle } from "./settle.ts";

export type Ending = { status: "canceled" } | { status: "failed"; code: GenerationErrorCode };

export interface Terminated {
  /** False when the generation was already terminal (then nothing changed). */
  changed: boolean;
  doc: GenerationDoc;
}

/** Null when there is no such generation. */
export async function terminateGeneration(deps: GenerationDeps, uid: string, id: string, ending: Ending): Promise<Terminated | null> {
  const now = deps.clock.now();
  const path = generationPath(uid, id);
  const outcome = await deps.store.runTransaction(async (tx) => {
    const snap = await tx.get(path);
    if (!snap) return null;
    const gen = snap.data as GenerationDoc;
    if (isTerminal(gen.status)) return { changed: false, doc: gen, settlement: noSettlement(uid), atModel: [] as string[] };
    const predictions = await tx.getAll(gen.predictionIds.map(predictionPath));
    const settlement = noSettlement(uid);
    const atModel: string[] = [];
    const code = ending.status === "failed" ? ending.code : null;
    for (const snapshot of predictions) {
      const pred = snapshot?.data as PredictionDoc | undefined;
      if (!snapshot || !pred || pred.ingest === "done") continue;
      tx.update(snapshot.path, donePatch(ending.status, code, now) as DocPatch);
      if (pred.reservationId) settlement.refund.push(pred.reservationId);
      if (pred.status === "starting" || pred.status === "processing") atModel.push(snapshot.id);
    }
    const patch: Pick<GenerationDoc, "status" | "error" | "completedAt" | "updatedAt"> = {
      status: ending.status,
      error: ending.status === "failed" ? generationError(ending.code) : null,
      completedAt: now,
      updatedAt: now,
    };
    tx.update(path, patch as DocPatch);
    settlement.releaseLease = gen.leaseId;
    settlement.ended = ending.status;
    return { changed: true, doc: { ...gen, ...patch }, settlement, atModel };
  });
  if (!outcome) return null;
  await settle(deps, outcome.settlement);
  if (outcome.changed) deps.changes.notify(uid, id);
  await cancelAtModel(deps, outcome.atModel);
  return { changed: outcome.changed, doc: outcome.doc };
}

/** A cancel waits at most this long: it runs inside the user's request. */
const cancelTimeoutMs = 5000;

/**
 * Stops predictions at the model, before the caller answers (nothing runs after a response on Cloud Functions).
 * Never throws: the predictions are already settled here, so a cancel that fails or times out only costs the
 * model's compute, and its late completion webhook finds nothing left to do.
 */
export async function cancelAtModel(deps: Pick<GenerationDeps, "model" | "logger">, predictionIds: readonly string[]): Promise<void> {
  const model = deps.model;
  if (!model || predictionIds.length === 0) return;
  const results = await Promise.allSettled(predictionIds.map((id) => model.cancel(id, { timeoutMs: cancelTimeoutMs })));
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) deps.logger.warn("predictions not canceled at the model", { failed, of: predictionIds.length });
}
