/** Reads and validates request bodies and queries: size limits (413), content type (415), JSON (400), zod (400). */
import type { Request } from "express";
import type { z } from "zod";
import { DomainError } from "../core/errors.ts";

export const defaultJsonLimit = 64 * 1024;

/** Cloud Functions has already consumed the stream and kept the bytes here. */
type MaybeRawBody = Request & { rawBody?: Buffer };

export async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const raw = (req as MaybeRawBody).rawBody;
  if (Buffer.isBuffer(raw)) {
    if (raw.length > limit) throw tooLarge(limit);
    return raw;
  }
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number): DomainError {
  return new DomainError("payload-too-large", `The body may be at most ${limit} bytes.`, undefined, { Connection: "close" });
}

/** Formats zod issues as problem field errors ("settings.analytics": "Expected boolean"). */
export function fieldErrors(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(",") : ""),
    message: issue.message,
  }));
}

export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  limit = defaultJsonLimit,
): Promise<z.infer<S>> {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/.test(type)) {
    throw new DomainError("unsupported-media-type", "Send the body as application/json.");
  }
  const raw = await readRawBody(req, limit);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new DomainError("invalid-json", "The body could not be read as JSON.");
  }
  return validate(schema, value);
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  return validate(schema, { ...(req.query as Record<string, unknown>) });
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new DomainError("invalid-request", "Some fields are missing or not valid.", fieldErrors(result.error));
  }
  return result.data;
}
