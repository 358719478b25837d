import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env.ts";

/**
 * Headers every API answer carries. The API serves JSON, so its policy allows nothing to load or
 * frame it. The reference page at /docs is the one HTML page: its inline scripts are allowed by
 * their hashes (computed from the page as served), never by 'unsafe-inline'.
 */
export const apiHeaders: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "strict-transport-security": "max-age=63072000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-site",
};

/** The CDN the API reference page loads its renderer from (@scalar/hono-api-reference). */
const docsScriptOrigin = "https://cdn.jsdelivr.net";

export function securityHeaders(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(apiHeaders)) c.res.headers.set(name, value);
    if (c.req.path === "/docs" && c.res.headers.get("content-type")?.startsWith("text/html")) {
      const html = await c.res.clone().text();
      c.res.headers.set("content-security-policy", docsPolicy(html));
    }
  };
}

function docsPolicy(html: string): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (match) =>
      `'sha256-${createHash("sha256")
        .update(match[1] ?? "")
        .digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${docsScriptOrigin} ${hashes.join(" ")}`,
    // The reference renderer sets styles from script; styles cannot run code.
    `style-src 'unsafe-inline' ${docsScriptOrigin} https://fonts.scalar.com`,
    "font-src https://fonts.scalar.com data:",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}
