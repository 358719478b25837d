import { createHash } from "node:crypto";
import { VisibleError } from "@cadence/core/error";
import { Idempotency } from "@cadence/core/idempotency";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env.ts";

/** Honours `Idempotency-Key` on authenticated POSTs; the key is scoped to the caller. */
export function idempotent(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (!/^[\w.:-]{8,128}$/.test(key)) {
      throw new VisibleError(
        "invalid_idempotency_key",
        "Idempotency-Key must be 8 to 128 letters, digits, dots, colons, dashes or underscores (a UUID works).",
        "Idempotency-Key",
      );
    }
    const actor = c.get("actor");
    const scope =
      actor.type === "user" ? actor.userId : actor.type === "apikey" ? actor.keyId : actor.job;
    const body = await c.req.raw.clone().text();
    const requestHash = createHash("sha256")
      .update(`${c.req.method} ${c.req.path}\n${body}`)
      .digest("base64url");

    const stored = await Idempotency.begin(scope, key, requestHash);
    if (stored) {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "idempotent-replayed": "true",
      };
      if (stored.headers.location) headers.location = stored.headers.location;
      if (stored.headers.etag) headers.etag = stored.headers.etag;
      return c.body(stored.body, stored.status as 200, headers);
    }
    try {
      await next();
    } catch (error) {
      await Idempotency.abandon(scope, key);
      throw error;
    }
    // Hono's compose catches route errors into c.error and sets an error response.
    if (c.error || c.res.status >= 500) {
      await Idempotency.abandon(scope, key);
      return;
    }
    await Idempotency.complete(scope, key, {
      status: c.res.status,
      body: await c.res.clone().text(),
      headers: {
        location: c.res.headers.get("location") ?? undefined,
        etag: c.res.headers.get("etag") ?? undefined,
      },
    });
  };
}
