/**
 * Child process of bench/suites/image-serving.ts: the real API app (embedded stores in a temp BEZ_DATA_DIR) holding
 * one ~4 MB image in its vault, and beside it a plain node:http server streaming the same bytes from a file. Prints
 * one JSON line {api, plain, bytes} — the API URL is a signed content link — and serves until SIGTERM.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { loadConfig } from "../../functions/src/config.ts";
import { compose } from "../../functions/src/compose.ts";
import { ingestImage, readImageContent } from "../../functions/src/core/vault/images.ts";
import { createApp } from "../../functions/src/http/app.ts";

const redisUrl = process.argv[2];
if (!redisUrl) throw new Error("usage: image-server.ts <redis url>");

const dataDir = await mkdtemp(join(tmpdir(), "bez-bench-serving-"));
const composition = await compose(
  loadConfig({ BEZ_ENV: "test", BEZ_PROJECT_ID: "demo-bez-bench", BEZ_DATA_DIR: dataDir, BEZ_REDIS_URL: redisUrl, BEZ_LOG_LEVEL: "silent" }),
);
const { vault, links } = composition.deps.images;

// Random pixels barely compress: a 1180 × 1180 RGB PNG stays about 4 MB through the vault's re-encode.
const side = 1180;
const png = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
const uid = "benchUser000000000000000001";
const record = await ingestImage(vault, uid, { bytes: png, declared: "png", kind: "upload" });
const stored = await readImageContent(vault, uid, record.id, {});
const file = join(dataDir, "plain.png");
await writeFile(file, stored.bytes);

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const api = createServer(createApp(composition.deps));
const plain = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "image/png", "content-length": String(stored.bytes.length) });
  createReadStream(file).pipe(res);
});
const [apiUrl, plainUrl] = [await listen(api), await listen(plain)];
const { params } = links.issue(uid, record.id);
process.stdout.write(
  `${JSON.stringify({ api: `${apiUrl}/v1/images/${record.id}/content?${new URLSearchParams({ ...params })}`, plain: `${plainUrl}/plain.png`, bytes: record.bytes })}\n`,
);

process.once("SIGTERM", () => {
  for (const server of [api, plain]) {
    server.closeAllConnections();
    server.close();
  }
  composition
    .close()
    .then(() => rm(dataDir, { recursive: true, force: true }))
    .finally(() => process.exit(0));
});
