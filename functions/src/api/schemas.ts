import { catalogue, type ErrorCode } from "@cadence/core/error";
import { z } from "@hono/zod-openapi";

const codes = Object.keys(catalogue) as [ErrorCode, ...ErrorCode[]];

/** RFC 9457 problem document, as every error leaves the API. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.enum(codes).openapi({
      description: "Stable, machine-readable error code; docs/errors.md says what each means",
    }),
    detail: z.string().openapi({ description: "A sentence a person can act on" }),
    field: z.string().optional(),
    requestId: z.string().optional(),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

/** The error responses a route can give, documented once. */
export function problems(
  ...statuses: (400 | 401 | 402 | 403 | 404 | 409 | 412 | 413 | 428 | 429)[]
) {
  const descriptions: Record<number, string> = {
    400: "The input is not valid",
    401: "Not signed in, or the token is not valid",
    402: "The plan's limit is reached, or the plan does not include this (names the plan that does)",
    403: "The role does not allow this",
    404: "Not found (or not visible to this caller)",
    409: "Conflicts with the current state",
    412: "The version given is not the current one",
    413: "Too large",
    428: "The version (If-Match) is required",
    429: "Too many requests",
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: descriptions[status] ?? "Error", content: problemContent },
    ]),
  );
}

export const WorkspaceParams = z.object({
  workspaceId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "workspaceId", in: "path" } }),
});

export const security = [{ bearer: [] }];

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export function body<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { "application/json": { schema } } } };
}

/** Parses `If-Match: "3"` (or W/"3"); the version in the body is the alternative. */
export function versionFrom(
  ifMatch: string | undefined,
  bodyVersion: number | undefined,
): number | undefined {
  const match = ifMatch ? /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim()) : null;
  return match?.[1] ? Number(match[1]) : bodyVersion;
}
