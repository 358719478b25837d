import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import type { FaultAnswers } from "../faults.ts";

/** A log id like TikTok's: a UTC timestamp and 16 hex bytes. */
export function logId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}${randomBytes(8).toString("hex").toUpperCase()}`;
}

/**
 * TikTok API v2 bodies: `data` beside `error` ({code: "ok"} on success). Integers given as
 * bigint go out as JSON numbers of any size, as TikTok's int64 post ids do.
 */
export function ok(c: Context, data: unknown, status = 200): Response {
  const text = JSON.stringify(
    { data, error: { code: "ok", message: "", log_id: logId() } },
    (_key, value) => (typeof value === "bigint" ? `__int64:${value}` : value),
  ).replace(/"__int64:(\d+)"/g, "$1");
  return c.body(text, status as 200, { "content-type": "application/json; charset=UTF-8" });
}

export function apiError(c: Context, status: number, code: string, message: string): Response {
  return c.json({ data: {}, error: { code, message, log_id: logId() } }, status as 400);
}

/** The OAuth endpoints' error body (TikTok's error handling page for Login Kit). */
export function oauthError(c: Context, status: number, error: string, description: string) {
  return c.json({ error, error_description: description, log_id: logId() }, status as 400);
}

export const tiktokFaultAnswers: FaultAnswers = {
  unavailable: (c) =>
    apiError(c, 500, "internal_error", "Something went wrong. Please try again later."),
  rateLimited: (c) =>
    apiError(
      c,
      429,
      "rate_limit_exceeded",
      "The API rate limit was exceeded. Please try again later.",
    ),
  rejected: (c) => apiError(c, 403, "spam_risk_text", "The post text was flagged as spam risk."),
};
