/**
 * The account roles as plain data, without zod: the web app reads the role claim of a sign-in with these, so its
 * auth code does not download the schema library. me.ts builds the `Role` schema (and type) from this list.
 */
export const roles = ["admin", "auditor", "support", "user"] as const;

/** Roles that reach /v1/admin at all; which of them may call what is in the API's one role table. */
export const staffRoles = ["admin", "auditor", "support"] as const satisfies readonly (typeof roles)[number][];
export type StaffRole = (typeof staffRoles)[number];

export const isRole = (value: unknown): value is (typeof roles)[number] => (roles as readonly unknown[]).includes(value);
export const isStaffRole = (role: (typeof roles)[number]): role is StaffRole => (staffRoles as readonly string[]).includes(role);
