import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env.ts";

/** What the two runtimes hand Hono as `c.env`: API Gateway's event, or node-server's socket. */
interface RuntimeEnv {
  event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The caller's address for throttles: API Gateway's `requestContext.http.sourceIp` in AWS (it
 * sees the TCP peer; a client cannot forge it with X-Forwarded-For), the socket's peer locally.
 * Undefined only for in-process calls (tests), which then skip the per-address limits.
 */
export function sourceAddress(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const env = (c.env ?? {}) as RuntimeEnv;
    const address =
      env.event?.requestContext?.http?.sourceIp ??
      env.event?.requestContext?.identity?.sourceIp ??
      env.incoming?.socket?.remoteAddress;
    if (address) c.set("sourceAddress", address.slice(0, 64));
    await next();
  };
}
