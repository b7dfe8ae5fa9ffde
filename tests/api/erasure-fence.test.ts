/**
 * Erasure against requests already in flight: an upload, a generation create and a webhook ingestion that passed
 * their checks before the account was deactivated are held at the data key, the erasure is paused after a step, and
 * then they go on. None may bring back a data key or leave anything behind; and the erasure is sealed only after its
 * re-sweep, which waits out the grace period and is then run by the sweeper.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GenerationAccepted } from "@bez/contracts";
import { deletionJobPath } from "../../functions/src/core/deletion/records.ts";
import { scanResidue } from "../../functions/src/core/deletion/residue.ts";
import { getReceipt } from "../../functions/src/core/deletion/receipt.ts";
import { requestDeletion, runDeletion, sweepDeletions } from "../../functions/src/core/deletion/run.ts";
import { createUser } from "../helpers/auth-emulator-client.ts";
import { contextFor, seedAccount } from "../helpers/accounts.ts";
import { signedWebhookHeaders, waitFor } from "../helpers/webhooks.ts";
import { startGenerationStack, type GenerationStack } from "../helpers/generation-stack.ts";
import { swatch } from "../helpers/images.ts";

let stack: GenerationStack;


function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return fetch(`${stack.api.url}${path}`, { ...init, headers });
}



const generationRequest = JSON.stringify({ preset: "packshot-white", prompt: "silver pearl necklace" });

beforeAll(async () => {
  stack = await startGenerationStack({
    latencyMs: 50,
    api: {
      BEZ_DAILY_QUOTA: "1000",
      BEZ_RATE_LIMITS: JSON.stringify({
        public: { limit: 100_000, windowSeconds: 60 },
        account: { limit: 100_000, windowSeconds: 60 },
        generations: { limit: 1000, windowSeconds: 60 },
      }),
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe("erasure with requests in flight", () => {
  it.each([
    [2, "shred-key"],
    [5, "documents"],
    [7, "audit"],
  ] as const)("refuses their writes in the gap after step %i (%s) and leaves nothing", { timeout: 60_000 }, async (pauseAfter: number, stepName: string) => {
    const deps = stack.api.composition.deps;
    const address = `jeweler-${randomUUID()}@example.test`;
    const user = await createUser(address, "correct horse battery staple");
    const uid = user.localId;
    expect((await call("/v1/me", { token: user.idToken })).status).toBe(200);

    // A prediction that has finished at the model, its webhook not delivered yet.
    await stack.fault("drop-webhook");
    const created = await call("/v1/generations", { method: "POST", token: user.idToken, body: generationRequest, headers: { "content-type": "application/json" } });
    expect(created.status).toBe(202);
    const { id: generationId } = GenerationAccepted.parse(await created.json());
    // Once the dispatcher has submitted it, the placeholder's id is the model's.
    const [predictionId = ""] = await waitFor(
      async () => ((await deps.store.get(`users/${uid}/generations/${generationId}`))?.data.predictionIds as string[] | undefined) ?? [],
      (ids) => ids.length > 0 && !ids.some((id) => id.startsWith("plan-")),
    );
    const prediction = await waitFor(
      async () => (await (await fetch(`${stack.replicateUrl}/predictions/${predictionId}`, { headers: { authorization: `Bearer ${stack.token}` } })).json()) as { status: string },
      (p) => p.status === "succeeded",
    );
    const payload = JSON.stringify(prediction);

    // Each request waits at the data key, past every check it makes at its start.
    const dataKeys = deps.images.vault.dataKeys;
    const obtain = dataKeys.obtain.bind(dataKeys);
    const keyGate = gate();
    let waiting = 0;
    const spy = vi.spyOn(dataKeys, "obtain").mockImplementation(async (who) => {
      if (who === uid) {
        waiting++;
        await keyGate.opened;
      }
      return obtain(who);
    });
    try {
      const png = await swatch(64, 48).png().toBuffer();
      const upload = call("/v1/images", { method: "POST", token: user.idToken, body: png, headers: { "content-type": "image/png" } });
      const generate = call("/v1/generations", { method: "POST", token: user.idToken, body: generationRequest, headers: { "content-type": "application/json" } });
      const hook = call("/v1/webhooks/replicate", { method: "POST", headers: signedWebhookHeaders(stack.secret, `msg_${randomUUID()}`, payload), body: payload });
      await waitFor(async () => waiting, (n) => n === 3);

      const erasureGate = gate();
      const paused = gate();
      const deletion = {
        ...deps.accounts.deletion,
        async afterStep(step: number, name: string) {
          if (step !== pauseAfter || name !== stepName) return;
          paused.open();
          await erasureGate.opened;
        },
      };
      const deletionId = await requestDeletion(deletion, contextFor(uid));
      const run = runDeletion(deletion, deletionId);
      await paused.opened;

      keyGate.open();
      const [uploaded, generated, delivered] = await Promise.all([upload, generate, hook]);
      expect(uploaded.status).toBe(404);
      expect(generated.status).toBe(404);
      expect(delivered.status).toBe(200);
      await Promise.all([uploaded, generated, delivered].map((r) => r.body?.cancel()));
      expect(await deps.store.get(`keys/${uid}`)).toBeNull();

      erasureGate.open();
      expect(await run).toBe("complete");
      expect((await getReceipt(deps.store, deletionId)).status).toBe("complete");
      expect(await deps.store.get(`keys/${uid}`)).toBeNull();
      expect(await scanResidue(stack.api.composition.residue, { uid, email: address })).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("the re-sweep after the grace period", () => {
  it("leaves the receipt pending until the sweeper re-sweeps, which removes what was written late", { timeout: 60_000 }, async () => {
    const deps = stack.api.composition.deps;
    const uid = `grace${randomBytes(6).toString("hex")}`;
    await seedAccount(deps, uid, { images: 1 });
    const deletion = { ...deps.accounts.deletion, graceMs: 60_000 };
    const deletionId = await requestDeletion(deletion, contextFor(uid));

    expect(await runDeletion(deletion, deletionId)).toBe("waiting");
    expect((await getReceipt(deps.store, deletionId)).status).toBe("pending");
    // A write no transaction fences: a blob put by a request that held the key before the shred.
    await deletion.blobs.put(`u/${uid}/images/late`, new Uint8Array([1, 2, 3]));
    await sweepDeletions(deletion);
    expect((await getReceipt(deps.store, deletionId)).status).toBe("pending");

    // The grace period is over.
    const over = new Date(Date.now() - 1);
    await deps.store.update(deletionJobPath(deletionId), { resweepAt: over, leaseUntil: over });
    await sweepDeletions(deletion);
    expect((await getReceipt(deps.store, deletionId)).status).toBe("complete");
    expect(await scanResidue(stack.api.composition.residue, { uid })).toEqual([]);
  });
});
