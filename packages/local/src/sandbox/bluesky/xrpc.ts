import type { Context } from "hono";
import type { FaultAnswers } from "../faults.ts";

/** XRPC errors: `{"error": "Name", "message": "…"}`. */
export function xrpcError(c: Context, status: number, error: string, message: string): Response {
  return c.json({ error, message }, status as 400);
}

export const blueskyFaultAnswers: FaultAnswers = {
  unavailable: (c) => xrpcError(c, 500, "InternalServerError", "Internal Server Error"),
  rateLimited: (c, seconds, resetAt) => {
    c.header("ratelimit-limit", "3000");
    c.header("ratelimit-remaining", "0");
    c.header("ratelimit-reset", String(resetAt));
    c.header("ratelimit-policy", "3000;w=300");
    c.header("retry-after", String(seconds));
    return xrpcError(c, 429, "RateLimitExceeded", "Rate Limit Exceeded");
  },
  rejected: (c) =>
    xrpcError(
      c,
      400,
      "InvalidRequest",
      "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes",
    ),
};

const tidAlphabet = "234567abcdefghijklmnopqrstuvwxyz";
let lastTid = 0;

/** A record key TID: 53 bits of microseconds and 10 bits of clock id, base32-sortable. */
export function nextTid(nowMs: number): string {
  let micros = nowMs * 1000;
  if (micros <= lastTid) micros = lastTid + 1;
  lastTid = micros;
  let value = (BigInt(micros) << 10n) | 7n;
  let out = "";
  for (let i = 0; i < 13; i++) {
    out = tidAlphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
