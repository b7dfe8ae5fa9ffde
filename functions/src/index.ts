/**
 * Cloud Functions entry points. Only triggers live here; the app is built lazily on the first request so a
 * cold start that fails configuration answers with a clear log line instead of crashing at import.
 */
import { onRequest } from "firebase-functions/v2/https";
import type { Express } from "express";
import { loadConfig } from "./config.ts";
import { compose } from "./compose.ts";
import { createApp } from "./http/app.ts";

let app: Promise<Express> | undefined;

function getApp(): Promise<Express> {
  app ??= compose(loadConfig()).then((c) => createApp(c.deps));
  return app;
}

export const api = onRequest({ region: "europe-west1", concurrency: 80, memory: "1GiB", timeoutSeconds: 120 }, async (req, res) => {
  const handler = await getApp();
  handler(req, res);
});
