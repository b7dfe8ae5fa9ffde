/**
 * Seeds accounts straight through the core (fast, but with real encryption and real blobs): images, generations
 * with sealed prompts and their predictions, access tokens, limiter keys and audit events.
 */
import { randomBytes } from "node:crypto";
import { createToken } from "../../functions/src/core/accounts/tokens.ts";
import { ensureProfile } from "../../functions/src/core/accounts/profile.ts";
import type { GenerationDoc, PredictionDoc } from "../../functions/src/core/generation/records.ts";
import { generationPath, predictionPath } from "../../functions/src/core/generation/records.ts";
import { limiterKeys, userSubject } from "../../functions/src/core/limits/policies.ts";
import { seal } from "../../functions/src/core/vault/envelope.ts";
import { type ImageDoc, imageBlobKey, imagePath, ingestImage, thumbBlobKey } from "../../functions/src/core/vault/images.ts";
import type { RequestContext } from "../../functions/src/core/principal.ts";
import type { AppDeps } from "../../functions/src/http/app.ts";
import { swatch } from "./images.ts";
import { registerPersonal } from "./log-scan.ts";

export function contextFor(uid: string, email: string | null = null, authTime = new Date()): RequestContext {
  return { requestId: `test-${randomBytes(4).toString("hex")}`, principal: { uid, email, role: "user", via: "id-token", emailVerified: true, issuedAt: authTime, authTime } };
}

async function inParallel<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

/** `count` real images through the vault's ingest (sanitized, thumbnailed, sealed); returns their ids. */
export async function seedImages(deps: AppDeps, uid: string, count: number, size = 24): Promise<string[]> {
  const png = await swatch(size, size).png().toBuffer();
  const records = await inParallel(count, 8, () => ingestImage(deps.images.vault, uid, { bytes: png, declared: "png", kind: "upload" }));
  return records.map((r) => r.id);
}

/**
 * Images of `bytes` random bytes each, sealed and stored as the vault stores them but without decoding (the export
 * serves stored bytes as they are): for volume tests that must not spend minutes in an image codec.
 */
export async function seedRawImages(deps: AppDeps, uid: string, count: number, bytes: number): Promise<string[]> {
  const { vault } = deps.images;
  const key = await vault.dataKeys.obtain(uid);
  return inParallel(count, 4, async () => {
    const id = vault.ids.next();
    const body = randomBytes(bytes);
    await vault.blobs.put(imageBlobKey(uid, id), seal(key, { uid, kind: "image", id }, body));
    await vault.blobs.put(thumbBlobKey(uid, id), seal(key, { uid, kind: "thumb", id }, body.subarray(0, 64)));
    const doc: ImageDoc = {
      kind: "upload",
      format: "png",
      width: 1,
      height: 1,
      bytes: body.length,
      createdAt: vault.clock.now(),
      generationId: null,
      thumb: { format: "png", width: 1, height: 1 },
    };
    await vault.store.create(imagePath(uid, id), doc);
    return id;
  });
}

/** Generations with sealed prompts, each with one prediction naming the user; returns id → prompt. */
export async function seedGenerations(deps: AppDeps, uid: string, count: number): Promise<Map<string, string>> {
  const { vault } = deps.images;
  const key = await vault.dataKeys.obtain(uid);
  const prompts = new Map<string, string>();
  await inParallel(count, 8, async (index) => {
    const id = vault.ids.next();
    const prompt = `rose gold ring ${index} with a ${randomBytes(3).toString("hex")} sapphire`;
    const now = vault.clock.now();
    const generation: GenerationDoc = {
      status: "succeeded",
      progress: 1,
      prompt: seal(key, { uid, kind: "prompt", id }, Buffer.from(prompt, "utf8")),
      preset: "packshot-white",
      aspectRatio: "1:1",
      count: 1,
      referenceImageId: null,
      seed: index,
      outputs: [],
      error: null,
      createdAt: now,
      updatedAt: now,
      completedAt: now,
      predictionIds: [`p-${id}`],
      leaseId: null,
    };
    const prediction: PredictionDoc = {
      uid,
      generationId: id,
      status: "succeeded",
      outputs: 1,
      reservationId: null,
      ingest: "done",
      claimId: null,
      progress: 1,
      errorCode: null,
      submittedAt: now,
      images: [],
      createdAt: now,
      updatedAt: now,
    };
    await vault.store.create(generationPath(uid, id), generation);
    await vault.store.create(predictionPath(`p-${id}`), prediction);
    prompts.set(id, prompt);
    registerPersonal(prompt);
  });
  return prompts;
}

/** A profile (with its `account.created` event), a token, limiter keys, images and generations. */
export async function seedAccount(deps: AppDeps, uid: string, options: { images?: number; generations?: number; email?: string } = {}) {
  const ctx = contextFor(uid, options.email ?? null);
  await ensureProfile(deps, ctx);
  const token = await createToken(deps, ctx, { name: "CLI", expiresInDays: 30 });
  registerPersonal(uid, options.email, token.token);
  await deps.limiter.hit(limiterKeys.rate("account", userSubject(uid)), deps.rateLimit.policies.account);
  await deps.limiter.reserve(limiterKeys.dailyImages(userSubject(uid)), 1, 200);
  const images = await seedImages(deps, uid, options.images ?? 2);
  const prompts = await seedGenerations(deps, uid, options.generations ?? 1);
  return { ctx, token, images, prompts };
}
