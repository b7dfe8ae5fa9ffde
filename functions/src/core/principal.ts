import type { Role } from "@bez/contracts";

/** Who is calling, as established by the auth middleware. */
export interface Principal {
  uid: string;
  email: string | null;
  role: Role;
  via: "id-token" | "pat";
  /** When the user last signed in; null for personal access tokens. */
  authTime: Date | null;
}

/** What every use case needs to know about the request it serves, for audit records. */
export interface RequestContext {
  requestId: string;
  principal: Principal;
}
