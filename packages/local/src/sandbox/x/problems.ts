import type { Context } from "hono";
import type { FaultAnswers } from "../faults.ts";

/** X API v2 errors are RFC 7807 problems. */
export function problem(
  c: Context,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Response {
  return c.json({ title, detail, type: "about:blank", status, ...extra }, status as 400);
}

export function invalidRequest(
  c: Context,
  message: string,
  parameters: Record<string, unknown> = {},
): Response {
  return c.json(
    {
      errors: [{ parameters, message }],
      title: "Invalid Request",
      detail: "One or more parameters to your request was invalid.",
      type: "https://api.twitter.com/2/problems/invalid-request",
    },
    400,
  );
}

export function unauthorized(c: Context): Response {
  return problem(c, 401, "Unauthorized", "Unauthorized");
}

/** OAuth 2.0 endpoint errors (X answers bad codes and tokens with invalid_request). */
export function oauthError(
  c: Context,
  status: number,
  error: string,
  description: string,
): Response {
  return c.json({ error, error_description: description }, status as 400);
}

export const xFaultAnswers: FaultAnswers = {
  unavailable: (c) => problem(c, 503, "Service Unavailable", "Service Unavailable"),
  rateLimited: (c, seconds, resetAt) => {
    c.header("x-rate-limit-limit", "100");
    c.header("x-rate-limit-remaining", "0");
    c.header("x-rate-limit-reset", String(resetAt));
    c.header("retry-after", String(seconds));
    return problem(c, 429, "Too Many Requests", "Too Many Requests");
  },
  rejected: (c) =>
    problem(c, 403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."),
};
