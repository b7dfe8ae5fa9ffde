/** @bez/sdk: a typed client for the Bez API. */
export { BezClient, type BezClientOptions, type ContentOptions, type Download, type GenerationInput, type ListOptions, type Page } from "./client.ts";
export { BezApiError, BezNetworkError, BezResponseError, parseRetryAfter } from "./errors.ts";
export { extensionOf, sniffImageFormat, writeBodyToFile } from "./files.ts";
export { type RetryPolicy, defaultRetryPolicy } from "./retry.ts";
export type { RetryNotice, TokenSource, TransportOptions } from "./transport.ts";
export type { WaitOptions } from "./wait.ts";
export * from "@bez/contracts";
