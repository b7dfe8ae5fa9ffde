/** Reference photos read from disk and uploaded; outputs downloaded next to each other under a chosen name. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type BezClient, type Generation, imageLimits, sniffImageFormat } from "@bez/sdk";
import { usage } from "./errors.ts";

/** Reads a reference photo, refusing early (before any upload) what the API would refuse. */
export async function readReference(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usage(code === "ENOENT" ? `Reference image not found: ${path}` : `Cannot read the reference image ${path} (${code ?? "error"}).`);
  }
  if (!sniffImageFormat(bytes)) throw usage(`${path} is not a PNG, JPEG or WebP image.`);
  if (bytes.length > imageLimits.maxUploadBytes) throw usage(`${path} is larger than 25 MiB.`);
  return bytes;
}

export async function uploadReference(client: BezClient, path: string, signal?: AbortSignal): Promise<string> {
  const record = await client.uploadImage(await readReference(path), { signal });
  return record.id;
}

/**
 * Streams each output of a generation into `dir`. `stem(index)` names the file without its extension (which comes
 * from the served type). Returns the paths in output order.
 */
export async function downloadOutputs(
  client: BezClient,
  generation: Generation,
  dir: string,
  stem: (index: number, imageId: string) => string,
  signal?: AbortSignal,
): Promise<string[]> {
  const paths: string[] = [];
  for (const [index, output] of generation.outputs.entries()) {
    const saved = await client.downloadImage(output.imageId, (extension) => join(dir, `${stem(index, output.imageId)}.${extension}`), { signal });
    paths.push(saved.path);
  }
  return paths;
}
