/** POST /v1/generations/{id}/cancel: ends the generation, refunds what it had not used, stops the model. */
import type { Generation } from "@bez/contracts";
import { DomainError } from "../errors.ts";
import type { GenerationDeps } from "./deps.ts";
import { getGeneration } from "./read.ts";
import { terminateGeneration } from "./terminate.ts";

export async function cancelGeneration(deps: GenerationDeps, uid: string, id: string): Promise<Generation> {
  const ended = await terminateGeneration(deps, uid, id, { status: "canceled" });
  if (!ended) throw new DomainError("not-found", "There is no such generation.");
  if (!ended.changed) {
    throw new DomainError("already-finished", `This generation has already ${ended.doc.status === "canceled" ? "been canceled" : ended.doc.status}: there is nothing to cancel.`);
  }
  return getGeneration(deps, uid, id);
}
