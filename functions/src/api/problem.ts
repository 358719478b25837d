import { catalogue, type ErrorCode, statusFor, type VisibleError } from "@cadence/core/error";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An RFC 9457 problem document. `code` is stable; `detail` is a sentence a person can act on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  field?: string;
  requestId?: string;
  [extension: string]: unknown;
}

/**
 * Answers with the catalogue's status and title for `code`; `detail` defaults to the
 * catalogue's sentence on how to fix it.
 */
export function problem(
  c: Context,
  code: ErrorCode,
  detail?: string,
  extra: { field?: string } & Record<string, unknown> = {},
): Response {
  const status = statusFor(code, extra.field);
  const body: Problem = {
    type: `https://cadence.dev/problems/${code}`,
    title: catalogue[code].title,
    status,
    code,
    detail: detail ?? catalogue[code].fix,
    requestId: c.get("requestId") as string | undefined,
    ...extra,
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    "content-type": "application/problem+json",
  });
}

export function problemFromVisible(c: Context, error: VisibleError): Response {
  const retryAfter = error.details?.retryAfterSeconds;
  if (typeof retryAfter === "number") c.header("retry-after", String(retryAfter));
  return problem(c, error.code, error.message, {
    ...(error.field ? { field: error.field } : {}),
    ...(error.details ?? {}),
  });
}
