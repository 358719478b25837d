import { statusOf, type VisibleError } from "@cadence/core/error";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An RFC 9457 problem document. `code` is stable; `detail` is a sentence a person can act on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  field?: string;
  requestId?: string;
  [extension: string]: unknown;
}

const titles: Record<number, string> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Too large",
  415: "Unsupported media type",
  429: "Too many requests",
  500: "Internal error",
  503: "Unavailable",
};

export function problem(
  c: Context,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Response {
  const body: Problem = {
    type: `https://cadence.dev/problems/${code}`,
    title: titles[status] ?? "Error",
    status,
    code,
    detail,
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
  return problem(c, statusOf[error.kind], error.code, error.message, {
    ...(error.field ? { field: error.field } : {}),
    ...(error.details ?? {}),
  });
}
