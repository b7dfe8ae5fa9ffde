/** Input validation answered like Replicate's: 422 "Input validation failed" with `invalid_fields`. */
import { z } from "zod";
import { invalidInput } from "../problems.ts";
import type { InvalidField } from "../problems.ts";

/** Zod reports an integer field's wrong type as "expected number"; Replicate says "integer". */
function isIntegerField(schema: z.ZodType, name: string): boolean {
  if (!(schema instanceof z.ZodObject)) return false;
  let field: unknown = (schema.shape as Record<string, unknown>)[name];
  while (field instanceof z.ZodOptional || field instanceof z.ZodDefault) field = field.unwrap();
  return field instanceof z.ZodNumber && field.isInt === true;
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>, schema: z.ZodType): InvalidField {
  const name = String(issue.path[0] ?? "");
  const field = name ? `input.${issue.path.join(".")}` : "input";
  if (name && !(name in raw) && issue.code === "invalid_type") return { type: "required", field: "input", description: `${name} is required` };
  switch (issue.code) {
    case "invalid_value":
      return { type: "enum", field, description: `${name} must be one of the following: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
    case "invalid_format":
      return { type: "format", field, description: "Does not match format 'uri'" };
    case "too_small":
      return { type: "number_gte", field, description: `Must be greater than or equal to ${String(issue.minimum)}` };
    case "too_big":
      return { type: "number_lte", field, description: `Must be less than or equal to ${String(issue.maximum)}` };
    case "invalid_type":
      return { type: "invalid_type", field, description: `Invalid type. Expected: ${isIntegerField(schema, name) ? "integer" : issue.expected}, given: ${describeType(raw[name])}` };
    default:
      return { type: issue.code, field, description: issue.message };
  }
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalidInput([{ type: "invalid_type", field: "input", description: `Invalid type. Expected: object, given: ${describeType(input)}` }]);
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error.issues.map((issue) => describeIssue(issue, input as Record<string, unknown>, schema)));
}
