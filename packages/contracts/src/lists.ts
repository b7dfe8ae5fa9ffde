import { z } from "zod";

/**
 * The ids the API mints (and accepts in paths and bodies): URL-safe, `min`–`max` characters, and never a document id
 * Firestore reserves (`__…__`), which the store would refuse as an argument rather than find nothing.
 */
export const opaqueId = (message: string, { min = 1, max = 128 } = {}) =>
  z
    .string()
    .regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`), message)
    .refine((id) => !/^__.*__$/.test(id), message);

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(1024).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
