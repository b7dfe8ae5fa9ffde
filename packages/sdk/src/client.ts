/**
 * The Bez API client: typed with the shared contracts, validated on the way in. Authenticates with a personal
 * access token (generations, images, presets, profile) or a Firebase ID token (also export). It talks to the
 * configured API only: no analytics, no update checks, no other host.
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import {
  type Generation,
  type GenerationAccepted,
  type ImageFormat,
  type ImageKind,
  type ImageRecord,
  type ImageWithLink,
  type Me,
  type Preset,
  type CreateGenerationRequest,
  Generation as GenerationSchema,
  GenerationAccepted as GenerationAcceptedSchema,
  GenerationList,
  ImageList,
  ImageRecord as ImageRecordSchema,
  ImageWithLink as ImageWithLinkSchema,
  Me as MeSchema,
  Preset as PresetSchema,
  imageMediaTypes,
} from "@bez/contracts";
import { BezResponseError } from "./errors.ts";
import { extensionOf, sniffImageFormat, writeBodyToFile } from "./files.ts";
import { Transport, type TransportOptions } from "./transport.ts";
import { type WaitOptions, waitForGeneration } from "./wait.ts";

export type BezClientOptions = TransportOptions;

/** `createGeneration`'s input: what POST /v1/generations takes (defaults applied by the API). */
export type GenerationInput = z.input<typeof CreateGenerationRequest>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListOptions {
  limit?: number;
  cursor?: string;
  signal?: AbortSignal;
}

export interface ContentOptions {
  format?: ImageFormat;
  width?: number;
  signal?: AbortSignal;
}

export interface Download {
  path: string;
  contentType: string | null;
  bytes: number;
}

const presetList = PresetSchema.array();

export class BezClient {
  readonly transport: Transport;

  constructor(options: BezClientOptions) {
    this.transport = new Transport(options);
  }

  get apiUrl(): string {
    return this.transport.apiUrl;
  }

  /** The caller's profile and today's usage. */
  me(signal?: AbortSignal): Promise<Me> {
    return this.json(MeSchema, "GET", "/v1/me", { signal });
  }

  presets(signal?: AbortSignal): Promise<Preset[]> {
    return this.json(presetList, "GET", "/v1/presets", { signal });
  }

  /**
   * Starts a generation. Always sends an Idempotency-Key (a fresh one unless given), so a retry after a lost answer
   * returns the same generation instead of starting (and charging) a second one.
   */
  createGeneration(input: GenerationInput, options: { idempotencyKey?: string; signal?: AbortSignal } = {}): Promise<GenerationAccepted> {
    return this.json(GenerationAcceptedSchema, "POST", "/v1/generations", {
      json: input,
      headers: { "idempotency-key": options.idempotencyKey ?? randomUUID() },
      repeatable: true,
      signal: options.signal,
    });
  }

  getGeneration(id: string, signal?: AbortSignal): Promise<Generation> {
    return this.json(GenerationSchema, "GET", `/v1/generations/${encodeURIComponent(id)}`, { signal });
  }

  listGenerations(options: ListOptions = {}): Promise<Page<Generation>> {
    return this.json(GenerationList, "GET", "/v1/generations", { query: { limit: options.limit, cursor: options.cursor }, signal: options.signal });
  }

  /** Every generation, newest first, page by page. */
  async *allGenerations(options: Omit<ListOptions, "cursor"> = {}): AsyncGenerator<Generation> {
    yield* this.paginate((cursor) => this.listGenerations({ ...options, limit: options.limit ?? 100, cursor }));
  }

  async cancelGeneration(id: string, signal?: AbortSignal): Promise<void> {
    const response = await this.transport.send("POST", `/v1/generations/${encodeURIComponent(id)}/cancel`, { repeatable: true, signal });
    await response.body?.cancel();
  }

  /** Resolves with the generation once it has succeeded, failed or been canceled (SSE, falling back to polling). */
  waitForGeneration(id: string, options: WaitOptions = {}): Promise<Generation> {
    return waitForGeneration(this.transport, (gid, signal) => this.getGeneration(gid, signal), id, options);
  }

  /** Uploads image bytes (PNG, JPEG or WebP; the type is read from the bytes) into the vault. */
  uploadImage(bytes: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<ImageRecord> {
    const format = sniffImageFormat(bytes);
    if (!format) throw new TypeError("Not a PNG, JPEG or WebP image");
    return this.json(ImageRecordSchema, "POST", "/v1/images", { bytes, contentType: imageMediaTypes[format], signal: options.signal });
  }

  listImages(options: ListOptions & { kind?: ImageKind } = {}): Promise<Page<ImageRecord>> {
    return this.json(ImageList, "GET", "/v1/images", { query: { limit: options.limit, cursor: options.cursor, kind: options.kind }, signal: options.signal });
  }

  async *allImages(options: Omit<ListOptions, "cursor"> & { kind?: ImageKind } = {}): AsyncGenerator<ImageRecord> {
    yield* this.paginate((cursor) => this.listImages({ ...options, limit: options.limit ?? 100, cursor }));
  }

  /** The record plus a signed link valid for a few minutes. */
  getImage(id: string, signal?: AbortSignal): Promise<ImageWithLink> {
    return this.json(ImageWithLinkSchema, "GET", `/v1/images/${encodeURIComponent(id)}`, { signal });
  }

  async deleteImage(id: string, signal?: AbortSignal): Promise<void> {
    const response = await this.transport.send("DELETE", `/v1/images/${encodeURIComponent(id)}`, { signal });
    await response.body?.cancel();
  }

  /** The decrypted image as a response whose body streams (read it or cancel it). */
  imageContent(id: string, options: ContentOptions = {}): Promise<Response> {
    return this.transport.send("GET", `/v1/images/${encodeURIComponent(id)}/content`, {
      query: { format: options.format, width: options.width },
      headers: { accept: "image/*" },
      signal: options.signal,
    });
  }

  /**
   * Streams an image to disk. `path` may name the file, or be a function of the served extension (png, jpg, webp)
   * that names it. Written to a temporary file first, so a file that exists is always whole.
   */
  async downloadImage(id: string, path: string | ((extension: string) => string), options: ContentOptions = {}): Promise<Download> {
    const response = await this.imageContent(id, options);
    return this.save(response, typeof path === "string" ? path : path(extensionOf(response.headers.get("content-type")) ?? "bin"), options.signal);
  }

  /** `GET /v1/me/export` streamed to a ZIP file. Needs an ID token: a personal access token gets 403 id-token-required. */
  async exportAccount(path: string, signal?: AbortSignal): Promise<Download> {
    const response = await this.transport.send("GET", "/v1/me/export", { headers: { accept: "application/zip" }, signal });
    return this.save(response, path, signal);
  }

  private async save(response: Response, path: string, signal?: AbortSignal): Promise<Download> {
    if (!response.body) throw new BezResponseError("The API sent no content");
    await mkdir(dirname(path), { recursive: true });
    let bytes = 0;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    await writeBodyToFile(counted, path, signal);
    return { path, contentType: response.headers.get("content-type"), bytes };
  }

  private async *paginate<T>(page: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
    let cursor: string | undefined;
    do {
      const result = await page(cursor);
      yield* result.items;
      cursor = result.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  private async json<S extends z.ZodType>(schema: S, method: string, path: string, options: Parameters<Transport["send"]>[2]): Promise<z.infer<S>> {
    const response = await this.transport.send(method, path, options);
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BezResponseError(`${method} ${path}: the answer is not JSON (is ${this.apiUrl} the Bez API?)`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new BezResponseError(`${method} ${path}: the answer does not match the API contract (${parsed.error.issues[0]?.message ?? "invalid"})`);
    return parsed.data;
  }
}
