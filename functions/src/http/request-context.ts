/** Request ids, security headers and CORS: what every response carries. */
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";

export const requestId: RequestHandler = (_req, res, next) => {
  const id = randomUUID();
  res.locals.requestId = id;
  res.setHeader("X-Request-Id", id);
  next();
};

/** The API serves data, never pages: nothing may frame it, sniff it or cache it by default. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  // The Cloud Functions wrapper is itself an Express app and sets this before ours runs.
  res.removeHeader("X-Powered-By");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cross-Origin-Resource-Policy", "same-site");
  res.setHeader("Cache-Control", "no-store");
  next();
};

const allowedHeaders = "Authorization, Content-Type, Idempotency-Key, Last-Event-ID";
const exposedHeaders = "X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, Content-Disposition";

/** CORS for the configured web origins only; credentials travel in the Authorization header, never cookies. */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Expose-Headers", exposedHeaders);
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
        res.setHeader("Access-Control-Allow-Headers", allowedHeaders);
        res.setHeader("Access-Control-Max-Age", "600");
        res.status(204).end();
        return;
      }
    } else if (req.method === "OPTIONS") {
      res.status(204).end();
      return;
    }
    next();
  };
}
