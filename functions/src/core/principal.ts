import type { Role } from "@bez/contracts";

/** Who is calling, as established by the auth middleware. */
export interface Principal {
  uid: string;
  email: string | null;
  role: Role;
  via: "id-token" | "pat";
  /** Whether the ID token vouches for the email (false for personal access tokens). */
  emailVerified: boolean;
  /** When the ID token was issued (seconds precision); null for personal access tokens. */
  issuedAt: Date | null;
  /** When the user last signed in; null for personal access tokens. */
  authTime: Date | null;
}

/** What every use case needs to know about the request it serves, for audit records. */
export interface RequestContext {
  requestId: string;
  principal: Principal;
}

/** A staff member's request: staff audit events carry the client IP (API.md §4). */
export interface StaffContext extends RequestContext {
  ip: string;
}

/** The actor fields of an audit event for this request. */
export function actorOf(ctx: RequestContext): { uid: string; role: Principal["role"]; via: Principal["via"] } {
  return { uid: ctx.principal.uid, role: ctx.principal.role, via: ctx.principal.via };
}
