/**
 * What a personal access token may reach: generations, images, presets and reading the profile (the SDK and CLI's
 * work). Everything else — tokens, IP lock, restriction, export, deletion, profile changes, consent, admin — needs
 * a signed-in session: a PAT gets 403 id-token-required. One allow-list, checked once, after authenticate().
 */
import type { RequestHandler } from "express";
import { DomainError } from "../core/errors.ts";
import type { Principal } from "../core/principal.ts";

interface Scope {
  /** Upper-case methods; HEAD rides with GET. */
  methods: readonly string[] | "any";
  path: RegExp;
}

export const accessTokenScopes: readonly Scope[] = [
  { methods: "any", path: /^\/v1\/generations(\/|$)/ },
  { methods: "any", path: /^\/v1\/images(\/|$)/ },
  { methods: ["GET"], path: /^\/v1\/presets\/?$/ },
  { methods: ["GET"], path: /^\/v1\/me\/?$/ },
];

export function allowsAccessToken(method: string, path: string): boolean {
  const verb = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  return accessTokenScopes.some((scope) => (scope.methods === "any" || scope.methods.includes(verb)) && scope.path.test(path));
}

export const requireIdTokenOutsideTokenScopes: RequestHandler = (req, res, next) => {
  const principal = res.locals.principal as Principal | undefined;
  if (principal?.via === "pat" && !allowsAccessToken(req.method, req.path)) {
    throw new DomainError("id-token-required", "Access tokens cannot do this: sign in on the web to continue.");
  }
  next();
};
