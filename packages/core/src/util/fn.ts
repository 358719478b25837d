import type { z } from "zod";
import { VisibleError } from "../error/index.ts";

/**
 * A domain operation with one validated input. The schema stays on the function so the API
 * route that calls it can reuse it for the OpenAPI document.
 */
export function fn<Schema extends z.ZodType, Result>(
  schema: Schema,
  handler: (input: z.output<Schema>) => Promise<Result>,
) {
  const run = async (input: z.input<Schema>): Promise<Result> => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") || undefined;
      throw new VisibleError(
        "invalid_input",
        `${field ? `${field}: ` : ""}${issue?.message ?? "invalid input"}.`,
        field,
      );
    }
    return handler(parsed.data);
  };
  return Object.assign(run, { schema });
}
