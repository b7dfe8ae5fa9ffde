/** Fetches a model's input image from a URL (a signed link) or a data URI, as a model on Replicate would. */

export class InputImageError extends Error {}

const MAX_BYTES = 25 * 1024 * 1024;

export async function loadInputImage(ref: string, timeoutMs = 30_000): Promise<Buffer> {
  if (ref.startsWith("data:")) {
    const comma = ref.indexOf(",");
    if (comma < 0) throw new InputImageError("the input image is not a valid data URI");
    const meta = ref.slice(5, comma);
    const payload = ref.slice(comma + 1);
    const bytes = meta.endsWith(";base64") ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload), "latin1");
    if (bytes.length === 0) throw new InputImageError("the input image data URI is empty");
    return bytes;
  }
  let response: Response;
  try {
    response = await fetch(ref, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (err) {
    throw new InputImageError(`could not download the input image: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new InputImageError(`could not download the input image: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_BYTES) {
    await response.body?.cancel();
    throw new InputImageError("the input image is larger than 25 MB");
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_BYTES) throw new InputImageError("the input image is larger than 25 MB");
  return bytes;
}
