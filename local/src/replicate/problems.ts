/** Errors answered the way Replicate's API answers them: `{"title","detail","status"}` (+ `invalid_fields` on 422). */

export interface InvalidField {
  type: string;
  field: string;
  description: string;
}

export class ReplicateProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly invalidFields?: InvalidField[],
  ) {
    super(detail);
  }

  body(): Record<string, unknown> {
    return {
      title: this.title,
      detail: this.detail,
      status: this.status,
      ...(this.invalidFields ? { invalid_fields: this.invalidFields } : {}),
    };
  }
}

/** 422 "Input validation failed", with Replicate's `- field: description` detail lines. */
export function invalidInput(fields: InvalidField[]): ReplicateProblem {
  const detail = fields.map((f) => `- ${f.field || "body"}: ${f.description}\n`).join("");
  return new ReplicateProblem(422, "Input validation failed", detail, fields);
}

export const notFound = (detail = "Not found."): ReplicateProblem => new ReplicateProblem(404, "Not found", detail);
