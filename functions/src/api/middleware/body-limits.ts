import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiEnv } from "../env.ts";
import { problem } from "../problem.ts";

/**
 * Every route reads at most this many bytes of body, counted as they arrive (before any
 * parsing, and before a declared Content-Length is believed). Sign-in and the other open routes
 * take tiny JSON documents; webhooks take what the networks send; the CSV import sets its own,
 * larger limit on its route.
 */
const limits: { pattern: RegExp; maxBytes: number }[] = [
  { pattern: /^\/workspaces\/[^/]+\/posts\/import$/, maxBytes: Number.POSITIVE_INFINITY },
  { pattern: /^\/auth\//, maxBytes: 8 * 1024 },
  { pattern: /^\/webhooks\//, maxBytes: 1024 * 1024 },
  { pattern: /^\/invitations\//, maxBytes: 8 * 1024 },
];
export const defaultMaxBodyBytes = 256 * 1024;

export function bodyLimits(): MiddlewareHandler<ApiEnv> {
  const limiters = new Map<number, MiddlewareHandler>();
  const limiterFor = (maxBytes: number) => {
    let limiter = limiters.get(maxBytes);
    if (!limiter) {
      limiter = bodyLimit({
        maxSize: maxBytes,
        onError: (c) =>
          problem(
            c,
            "body_too_large",
            `This request's body is larger than ${Math.round(maxBytes / 1024)} KB, the most this route takes.`,
          ),
      });
      limiters.set(maxBytes, limiter);
    }
    return limiter;
  };
  return async (c, next) => {
    const maxBytes =
      limits.find(({ pattern }) => pattern.test(c.req.path))?.maxBytes ?? defaultMaxBodyBytes;
    // The import route's own limit (5 MB) applies there instead.
    if (!Number.isFinite(maxBytes)) return next();
    return limiterFor(maxBytes)(c, next);
  };
}
