/**
 * The system under fuzz: the real API in this process (startGenerationStack: real Redis, the real Auth emulator, the
 * local Replicate-compatible server for webhook signing), with every rate limit lifted so that refusals come from
 * validation rather than from a budget running out, and the actors the requests are made as: alice (ID token and
 * personal access token, with images, a finished generation and a notice), bob (whose ids alice must not reach),
 * an admin, and the receipt of a finished erasure.
 */
import { randomUUID } from "node:crypto";
import { ensureProfile } from "../../../functions/src/core/accounts/profile.ts";
import { createToken } from "../../../functions/src/core/accounts/tokens.ts";
import { sendNotice } from "../../../functions/src/core/notices/notices.ts";
import type { StaffContext } from "../../../functions/src/core/principal.ts";
import type { LinkAudience, LinkParams } from "../../../functions/src/core/vault/signed-links.ts";
import { contextFor, seedGenerations, seedImages } from "../../helpers/accounts.ts";
import { createUser } from "../../helpers/auth-emulator-client.ts";
import { type GenerationStack, startGenerationStack } from "../../helpers/generation-stack.ts";
import { call, userWithRole } from "../../helpers/staff.ts";
import { waitFor } from "../../helpers/webhooks.ts";

/** Every policy lifted far past what one run sends. */
const liftedLimits = Object.fromEntries(
  ["public", "account", "generations", "uploads", "exports", "admin", "unlockLinks", "webhookRejections", "authFailures", "transcodes", "linkTranscodes"].map(
    (name) => [name, { limit: 1_000_000, windowSeconds: 60 }],
  ),
);

export interface Account {
  uid: string;
  idToken: string;
  images: string[];
  generations: string[];
}

export interface Actors {
  alice: Account & { pat: string; patId: string; notices: string[] };
  bob: Account & { pat: string; patId: string };
  admin: { uid: string; idToken: string };
  /** A finished erasure's receipt id (readable by anyone who has it). */
  receiptId: string;
  webhookSecret: string;
  /** A signed content link's parameters for one of the owner's images, valid for the next five minutes. */
  link(uid: string, imageId: string, audience?: LinkAudience): LinkParams;
}

export interface FuzzStack {
  stack: GenerationStack;
  actors: Actors;
  stop(): Promise<void>;
}

async function account(stack: GenerationStack, label: string): Promise<Account & { pat: string; patId: string }> {
  const deps = stack.api.composition.deps;
  const session = await createUser(`${label}-${randomUUID()}@example.test`, "correct horse battery");
  const ctx = contextFor(session.localId);
  await ensureProfile(deps, ctx);
  const created = await createToken(deps, ctx, { name: "fuzz", expiresInDays: 1 });
  const images = await seedImages(deps, session.localId, 2);
  const generations = [...(await seedGenerations(deps, session.localId, 1)).keys()];
  return { uid: session.localId, idToken: session.idToken, images, generations, pat: created.token, patId: created.id };
}

/** Erases a throwaway account through the API and returns its receipt id once the erasure has wholly finished. */
async function finishedErasure(stack: GenerationStack): Promise<string> {
  const doomed = await createUser(`doomed-${randomUUID()}@example.test`, "correct horse battery");
  const response = await call(stack.api, "/v1/me", { method: "DELETE", token: doomed.idToken, json: { confirm: "DELETE" } });
  if (response.status !== 202) throw new Error(`DELETE /v1/me answered ${response.status}`);
  const { deletionId } = (await response.json()) as { deletionId: string };
  // The erasure goes on in the API's job queue after the answer: the snapshots must not see it move.
  const { store } = stack.api.composition.deps;
  await waitFor(
    async () => ({ receipt: await call(stack.api, `/v1/deletions/${deletionId}`).then((r) => r.json() as Promise<{ status?: string }>), jobs: await store.query({ collection: "deletionJobs" }) }),
    ({ receipt, jobs }) => receipt.status === "complete" && jobs.docs.length === 0,
    30_000,
  );
  return deletionId;
}

/**
 * `trustedProxies` is BEZ_TRUSTED_PROXIES: with the loopback trusted (or `google-front-end`), the X-Forwarded-For junk
 * the fuzzer sends is parsed rather than ignored.
 */
export async function startFuzzStack(trustedProxies = ""): Promise<FuzzStack> {
  const stack = await startGenerationStack({ latencyMs: 0, api: { BEZ_RATE_LIMITS: JSON.stringify(liftedLimits), BEZ_TRUSTED_PROXIES: trustedProxies } });
  try {
    const deps = stack.api.composition.deps;
    const [alice, bob, admin, receiptId] = await Promise.all([
      account(stack, "alice"),
      account(stack, "bob"),
      userWithRole(stack.api, "admin"),
      finishedErasure(stack),
    ]);
    const base = contextFor(admin.localId);
    const adminCtx: StaffContext = { ...base, principal: { ...base.principal, role: "admin" }, ip: "127.0.0.1" };
    await sendNotice(deps.admin.notices, adminCtx, { kind: "policy", subject: "Terms", body: "New terms.", audience: { uids: [alice.uid] } });
    const notices = (await deps.store.query({ collection: `users/${alice.uid}/notices` })).docs.map((doc) => doc.id);
    if (notices.length === 0) throw new Error("seeding alice's inbox failed");
    return {
      stack,
      actors: {
        alice: { ...alice, notices },
        bob,
        admin: { uid: admin.localId, idToken: admin.idToken },
        receiptId,
        webhookSecret: stack.secret,
        link: (uid, imageId, audience) => deps.images.links.issue(uid, imageId, audience).params,
      },
      stop: () => stack.stop(),
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
