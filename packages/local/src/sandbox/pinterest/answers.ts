import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { FaultAnswers } from "../faults.ts";
import type { SandboxAccount } from "../state.ts";

/** Pinterest API v5's error body: a numeric code and a message. */
export function pinterestError(c: Context, status: number, code: number, message: string) {
  return c.json({ code, message }, status as 400);
}

export const unauthorized = (c: Context) => pinterestError(c, 401, 2, "Authentication failed.");

export const pinterestFaultAnswers: FaultAnswers = {
  unavailable: (c) => pinterestError(c, 503, 0, "Service Unavailable. Please try again later."),
  rateLimited: (c, seconds) => {
    c.header("x-ratelimit-limit", "100");
    c.header("x-ratelimit-remaining", "0");
    c.header("x-ratelimit-reset", String(seconds));
    return pinterestError(c, 429, 8, "You have exceeded your rate limit. Try again later.");
  },
  rejected: (c) =>
    pinterestError(c, 400, 1, "Sorry! We blocked this link because it may lead to spam."),
};

/** A sandbox account's boards: the same three every time, with ids derived from the account. */
export function boardsOf(account: SandboxAccount) {
  return ["Ideas", "Recipes", "Travel"].map((name) => ({
    id: String(
      BigInt(
        `0x${createHash("sha256").update(`${account.id}:${name}`).digest("hex").slice(0, 14)}`,
      ),
    ),
    name: `${account.displayName} ${name}`,
    description: "",
    privacy: "PUBLIC",
    owner: { username: account.handle },
  }));
}
