/**
 * Black-box tests of the image vault (/v1/images) against the real app, the real Auth emulator and redis-server:
 * uploads and their limits, metadata removal, listing, signed links, conversion, ownership, deletion, and finally
 * that nothing stored on disk is a readable image.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageList, ImageRecord, ImageWithLink } from "@bez/contracts";
import { createLinkSigner } from "../../functions/src/core/vault/signed-links.ts";
import { imageBlobKey, imagePath, thumbBlobKey } from "../../functions/src/core/vault/images.ts";
import { loadOrCreateDevLinkKey } from "../../functions/src/adapters/key-ring/dev-secrets.ts";
import { createUser, type AuthSession } from "../helpers/auth-emulator-client.ts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";
import { startApiProcess } from "../helpers/api-process.ts";
import { GPS_DATUM, jpegWithGps, pngBomb, swatch } from "../helpers/images.ts";
import { expectProblem } from "../helpers/problems.ts";

let api: TestApi;
let alice: AuthSession;
let bob: AuthSession;
/** Every image served in this file, to prove none of it is on disk in the clear. */
const served: Buffer[] = [];

const email = () => `jeweler-${randomUUID()}@example.test`;

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return fetch(path.startsWith("http") ? path : `${api.url}${path}`, { ...init, headers });
}

async function upload(token: string, body: Uint8Array, type: string) {
  return call("/v1/images", { method: "POST", token, body, headers: { "content-type": type } });
}

async function uploaded(token: string, body: Uint8Array, type: string): Promise<ImageRecord> {
  const response = await upload(token, body, type);
  expect(response.status, await response.clone().text()).toBe(201);
  return ImageRecord.parse(await response.json());
}

async function content(path: string, token?: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await call(path, { token });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.ok) served.push(bytes);
  return { response, bytes };
}


beforeAll(async () => {
  api = await startTestApi();
  [alice, bob] = await Promise.all([createUser(email(), "correct horse battery"), createUser(email(), "another good passphrase")]);
});
afterAll(async () => {
  await api?.stop();
});

describe("POST /v1/images", () => {
  it.each([
    ["png", "image/png", () => swatch(300, 200).png().toBuffer()],
    ["jpeg", "image/jpeg", () => swatch(300, 200).jpeg().toBuffer()],
    ["webp", "image/webp", () => swatch(300, 200).webp().toBuffer()],
  ] as const)("stores a %s upload and answers its record", async (format, type, make) => {
    const response = await upload(alice.idToken, await make(), type);
    expect(response.status).toBe(201);
    const record = ImageRecord.parse(await response.json());
    expect(record).toMatchObject({ kind: "upload", format, width: 300, height: 200, generationId: null });
    expect(record.bytes).toBeGreaterThan(0);
    expect(response.headers.get("location")).toBe(`/v1/images/${record.id}`);
    const { response: got, bytes } = await content(`/v1/images/${record.id}/content`, alice.idToken);
    expect(got.headers.get("content-type")).toBe(type);
    expect(bytes.length).toBe(record.bytes);
    expect((await sharp(bytes).metadata()).format).toBe(format);
  });

  it("415s when the declared type does not match the bytes", async () => {
    const png = await swatch(40, 40).png().toBuffer();
    const body = await expectProblem(await upload(alice.idToken, png, "image/jpeg"), 415, "unsupported-media-type");
    expect(body.detail).toMatch(/not a JPEG/);
    await expectProblem(await upload(alice.idToken, await swatch(40, 40).jpeg().toBuffer(), "image/webp"), 415, "unsupported-media-type");
  });

  it.each([
    ["image/gif", () => Buffer.from("GIF89a")],
    ["text/plain", () => Buffer.from("hello")],
    ["application/octet-stream", () => randomBytes(64)],
  ])("415s an unsupported Content-Type (%s)", async (type, make) => {
    await expectProblem(await upload(alice.idToken, make(), type), 415, "unsupported-media-type");
  });

  it("415s bytes that are not an image at all, and an empty body", async () => {
    await expectProblem(await upload(alice.idToken, Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/png"), 415, "unsupported-media-type");
    await expectProblem(await upload(alice.idToken, new Uint8Array(0), "image/webp"), 415, "unsupported-media-type");
  });

  it("400s a corrupt or truncated image with the right signature", async () => {
    const jpeg = await swatch(400, 300).jpeg().toBuffer();
    await expectProblem(await upload(alice.idToken, jpeg.subarray(0, jpeg.length >> 1), "image/jpeg"), 400, "invalid-image");
    const png = await swatch(400, 300).png().toBuffer();
    const damaged = Buffer.from(png);
    for (let i = 60; i < damaged.length - 20; i += 97) damaged[i] = (damaged[i] ?? 0) ^ 0xff;
    await expectProblem(await upload(alice.idToken, damaged, "image/png"), 400, "invalid-image");
    const riff = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 "), randomBytes(100)]);
    await expectProblem(await upload(alice.idToken, riff, "image/webp"), 400, "invalid-image");
  });

  it("413s a body over 25 MiB, declared or streamed", async () => {
    const big = randomBytes(26 * 1024 * 1024);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const declared = await rawPost("/v1/images", big, { "content-type": "image/png", "content-length": String(big.length) });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).code).toBe("payload-too-large");
    const streamed = await rawPost("/v1/images", big, { "content-type": "image/png", "transfer-encoding": "chunked" });
    expect(streamed.status).toBe(413);
  });

  it("413s a decompression bomb without the API's memory passing 300 MB", { timeout: 120_000 }, async () => {
    const bomb = pngBomb(30000, 30000);
    expect(bomb.length).toBeLessThan(2048);
    const child = await startApiProcess();
    try {
      const before = await child.peakRssMiB();
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${child.url}/v1/images`, {
          method: "POST",
          body: bomb,
          headers: { "content-type": "image/png", authorization: `Bearer ${alice.idToken}` },
        });
        expect(response.status).toBe(413);
        expect(((await response.json()) as { code: string }).code).toBe("image-too-large");
      }
      const peak = await child.peakRssMiB();
      expect(peak, `peak RSS ${peak.toFixed(0)} MiB (at start ${before.toFixed(0)} MiB)`).toBeLessThan(300);
    } finally {
      await child.stop();
    }
  });

  it("removes GPS and every other EXIF field from a JPEG, keeping it upright", async () => {
    const input = await jpegWithGps(320, 200);
    expect((await sharp(input).metadata()).exif?.includes(Buffer.from(GPS_DATUM))).toBe(true);
    const record = await uploaded(alice.idToken, input, "image/jpeg");
    expect([record.width, record.height]).toEqual([200, 320]);
    for (const query of ["", "?format=png", "?format=webp", "?width=100", "?width=150&format=jpeg"]) {
      const { response, bytes } = await content(`/v1/images/${record.id}/content${query}`, alice.idToken);
      expect(response.status).toBe(200);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(bytes.includes(Buffer.from(GPS_DATUM))).toBe(false);
      expect(bytes.includes(Buffer.from("Bez Test Camera"))).toBe(false);
    }
  });

  it("409s uploads on a restricted account, but reading keeps working", async () => {
    const carol = await createUser(email(), "third good passphrase");
    const record = await uploaded(carol.idToken, await swatch(64, 64).png().toBuffer(), "image/png");
    expect((await call("/v1/me", { token: carol.idToken })).status).toBe(200);
    await api.composition.deps.store.update(`users/${carol.localId}`, { status: "restricted" });
    await expectProblem(await upload(carol.idToken, await swatch(64, 64).png().toBuffer(), "image/png"), 409, "processing-restricted");
    expect((await content(`/v1/images/${record.id}/content`, carol.idToken)).response.status).toBe(200);
  });

  it("401s without a token", async () => {
    await expectProblem(await call("/v1/images", { method: "POST", body: Buffer.from("x"), headers: { "content-type": "image/png" } }), 401, "unauthenticated");
  });
});

describe("GET /v1/images", () => {
  it("lists newest first with a cursor, and filters by kind", async () => {
    const dave = await createUser(email(), "fourth good passphrase");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await uploaded(dave.idToken, await swatch(64 + i, 64).png().toBuffer(), "image/png")).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const response = await call(`/v1/images${query}`, { token: dave.idToken });
      expect(response.status).toBe(200);
      const page = ImageList.parse(await response.json());
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const uploads = ImageList.parse(await (await call("/v1/images?kind=upload", { token: dave.idToken })).json());
    expect(uploads.items.map((i) => i.id)).toEqual([...ids].reverse());
    const outputs = ImageList.parse(await (await call("/v1/images?kind=output", { token: dave.idToken })).json());
    expect(outputs).toEqual({ items: [], nextCursor: null });
    // Only one's own images.
    const bobs = ImageList.parse(await (await call("/v1/images", { token: bob.idToken })).json());
    expect(bobs.items.some((item) => ids.includes(item.id))).toBe(false);
  });

  it.each(["?limit=0", "?limit=101", "?kind=thumb", "?sort=asc", "?cursor=not-a-cursor", "?limit=2&limit=3"])(
    "400s a bad query (%s)",
    async (query) => {
      await expectProblem(await call(`/v1/images${query}`, { token: alice.idToken }), 400, "invalid-request");
    },
  );
});

describe("GET /v1/images/{id} and signed links", () => {
  let record: ImageRecord;
  beforeAll(async () => {
    record = await uploaded(alice.idToken, await swatch(1200, 800).png().toBuffer(), "image/png");
  });

  it("answers the record and a link that works without a header", async () => {
    const response = await call(`/v1/images/${record.id}`, { token: alice.idToken });
    expect(response.status).toBe(200);
    const body = ImageWithLink.parse(await response.json());
    expect(body).toMatchObject(record);
    const expires = Date.parse(body.urlExpiresAt) - Date.now();
    expect(expires).toBeGreaterThan(200_000);
    expect(expires).toBeLessThanOrEqual(300_000);
    const url = new URL(body.url);
    expect(url.origin).toBe(api.url);
    expect(url.pathname).toBe(`/v1/images/${record.id}/content`);
    expect([...url.searchParams.keys()].sort()).toEqual(["exp", "sig", "u"]);
    expect(body.url).not.toContain(alice.localId);

    const viaLink = await content(body.url);
    expect(viaLink.response.status).toBe(200);
    expect(viaLink.response.headers.get("cache-control")).toBe("private, no-store");
    expect(viaLink.response.headers.get("content-type")).toBe("image/png");
    expect(viaLink.response.headers.get("content-disposition")).toBe(`inline; filename="${record.id}.png"`);
    const viaToken = await content(`/v1/images/${record.id}/content`, alice.idToken);
    expect(viaLink.bytes.equals(viaToken.bytes)).toBe(true);

    // The gallery may ask a link for another size or format.
    const small = await content(`${body.url}&format=webp&width=200`);
    expect(small.response.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(small.bytes).metadata()).width).toBe(200);
  });

  it("403s a tampered link", async () => {
    const { url } = ImageWithLink.parse(await (await call(`/v1/images/${record.id}`, { token: alice.idToken })).json());
    const link = new URL(url);
    for (const name of ["u", "exp", "sig"]) {
      const tampered = new URL(link);
      const value = link.searchParams.get(name) ?? "";
      const last = value.at(-1) === "A" ? "B" : "A";
      tampered.searchParams.set(name, name === "exp" ? String(Number(value) - 1) : value.slice(0, -1) + last);
      await expectProblem(await call(tampered.toString()), 403, "invalid-link");
      const missing = new URL(link);
      missing.searchParams.delete(name);
      await expectProblem(await call(missing.toString()), 403, "invalid-link");
    }
    // A valid link for one image does not open another.
    const other = await uploaded(alice.idToken, await swatch(64, 64).png().toBuffer(), "image/png");
    await expectProblem(await call(url.replace(record.id, other.id)), 403, "invalid-link");
  });

  it("403s an expired link (signed with the server's own link key)", async () => {
    const linkKey = await loadOrCreateDevLinkKey(api.dataDir);
    const past = createLinkSigner(linkKey, { now: () => new Date(Date.now() - 301_000) });
    const present = createLinkSigner(linkKey, { now: () => new Date() });
    const linkFor = (signer: typeof past) => {
      const { params } = signer.issue(alice.localId, record.id);
      return `/v1/images/${record.id}/content?${new URLSearchParams({ ...params })}`;
    };
    expect((await call(linkFor(present))).status).toBe(200);
    await expectProblem(await call(linkFor(past)), 403, "invalid-link");
  });

  it("serves content with format and width, and 400s bad ones", async () => {
    for (const [query, type, width] of [
      ["?format=jpeg", "image/jpeg", 1200],
      ["?format=webp&width=64", "image/webp", 64],
      ["?width=512", "image/png", 512],
      ["?width=600", "image/png", 600],
      ["?width=4096", "image/png", 1200],
    ] as const) {
      const { response, bytes } = await content(`/v1/images/${record.id}/content${query}`, alice.idToken);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(type);
      const meta = await sharp(bytes).metadata();
      expect(meta.width).toBe(width);
      expect(meta.format).toBe(type.slice("image/".length));
    }
    for (const query of ["?format=gif", "?width=63", "?width=4097", "?width=abc", "?size=10"]) {
      await expectProblem(await call(`/v1/images/${record.id}/content${query}`, { token: alice.idToken }), 400, "invalid-request");
    }
  });

  it("401s content with neither a token nor a link", async () => {
    await expectProblem(await call(`/v1/images/${record.id}/content`), 401, "unauthenticated");
  });
});

describe("ownership", () => {
  it("404s another user's image on every route, and their links do not open it", async () => {
    const record = await uploaded(alice.idToken, await swatch(80, 80).webp().toBuffer(), "image/webp");
    await expectProblem(await call(`/v1/images/${record.id}`, { token: bob.idToken }), 404, "not-found");
    await expectProblem(await call(`/v1/images/${record.id}/content`, { token: bob.idToken }), 404, "not-found");
    await expectProblem(await call(`/v1/images/${record.id}/content?format=png`, { token: bob.idToken }), 404, "not-found");
    await expectProblem(await call(`/v1/images/${record.id}`, { method: "DELETE", token: bob.idToken }), 404, "not-found");
    // Bob's valid link for his own image, pointed at Alice's: refused.
    const bobs = await uploaded(bob.idToken, await swatch(80, 80).webp().toBuffer(), "image/webp");
    const { url } = ImageWithLink.parse(await (await call(`/v1/images/${bobs.id}`, { token: bob.idToken })).json());
    await expectProblem(await call(url.replace(bobs.id, record.id)), 403, "invalid-link");
    // Still there for Alice.
    expect((await call(`/v1/images/${record.id}`, { token: alice.idToken })).status).toBe(200);
    await expectProblem(await call(`/v1/images/nope..x`, { token: alice.idToken }), 400, "invalid-request");
  });
});

describe("DELETE /v1/images/{id}", () => {
  it("removes the record and both blobs", async () => {
    const record = await uploaded(alice.idToken, await swatch(90, 60).jpeg().toBuffer(), "image/jpeg");
    const { store, images } = api.composition.deps;
    const uid = alice.localId;
    expect(await images.vault.blobs.exists(imageBlobKey(uid, record.id))).toBe(true);
    expect(await images.vault.blobs.exists(thumbBlobKey(uid, record.id))).toBe(true);
    const { url } = ImageWithLink.parse(await (await call(`/v1/images/${record.id}`, { token: alice.idToken })).json());

    const response = await call(`/v1/images/${record.id}`, { method: "DELETE", token: alice.idToken });
    expect(response.status).toBe(204);
    expect(await store.get(imagePath(uid, record.id))).toBeNull();
    expect(await images.vault.blobs.exists(imageBlobKey(uid, record.id))).toBe(false);
    expect(await images.vault.blobs.exists(thumbBlobKey(uid, record.id))).toBe(false);
    await expectProblem(await call(`/v1/images/${record.id}`, { token: alice.idToken }), 404, "not-found");
    await expectProblem(await call(url), 404, "not-found");
    await expectProblem(await call(`/v1/images/${record.id}`, { method: "DELETE", token: alice.idToken }), 404, "not-found");
    const list = ImageList.parse(await (await call("/v1/images?limit=100", { token: alice.idToken })).json());
    expect(list.items.some((item) => item.id === record.id)).toBe(false);
  });
});

describe("at rest", () => {
  it("stores no PNG, JPEG or WebP signature and no served bytes in any blob", async () => {
    const files = await filesUnder(join(api.dataDir, "blobs"));
    expect(files.length).toBeGreaterThan(20);
    expect(served.length).toBeGreaterThan(15);
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
    for (const file of files) {
      const bytes = await readFile(file);
      expect(bytes.subarray(0, 4).toString("latin1"), file).toBe("BEZV");
      expect(bytes.includes(PNG), file).toBe(false);
      expect(bytes.subarray(0, 3).equals(JPEG), file).toBe(false);
      // Three-byte JPEG markers occur by chance in megabytes of ciphertext; a JPEG's JFIF/EXIF header does not.
      expect(bytes.includes(Buffer.from("JFIF\0", "latin1")) || bytes.includes(Buffer.from("Exif\0\0", "latin1")), file).toBe(false);
      expect(bytes.includes(Buffer.from("WEBPVP8", "latin1")), file).toBe(false);
      for (const image of served) {
        // 32-byte windows of what was served (past each format's fixed header) appear nowhere at rest.
        for (const at of [64, image.length >> 1, image.length - 48]) {
          if (at >= 64 && at + 32 <= image.length) expect(bytes.includes(image.subarray(at, at + 32)), file).toBe(false);
        }
      }
    }
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** A POST through node:http, which (unlike fetch) lets the server answer before the body is sent and close. */
function rawPost(path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, api.url);
    const req = request(url, { method: "POST", headers: { ...headers, authorization: `Bearer ${alice.idToken}` } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // The server may close before taking the whole body: that is the point of refusing it early.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    req.end(body);
  });
}
