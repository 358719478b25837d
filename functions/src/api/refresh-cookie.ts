import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * The refresh token travels only in this cookie: HttpOnly (no script reads it), Secure, and
 * scoped to the one route that spends it. SameSite is Strict when the site and the API share a
 * registrable domain (app.example.com + api.example.com, and 127.0.0.1 locally); a deployment
 * where they do not sets CADENCE_REFRESH_COOKIE_SAMESITE=None (see docs/security.md).
 */
export const refreshCookie = "__Secure-cadence-refresh";
export const refreshPath = "/auth/refresh";

function sameSite(): "Strict" | "None" {
  return process.env.CADENCE_REFRESH_COOKIE_SAMESITE === "None" ? "None" : "Strict";
}

export function setRefreshCookie(c: Context, token: string, maxAgeSeconds: number): void {
  setCookie(c, refreshCookie, token, {
    httpOnly: true,
    secure: true,
    sameSite: sameSite(),
    path: refreshPath,
    maxAge: maxAgeSeconds,
  });
}

export function readRefreshCookie(c: Context): string | undefined {
  return getCookie(c, refreshCookie);
}

export function clearRefreshCookie(c: Context): void {
  deleteCookie(c, refreshCookie, { path: refreshPath, secure: true, sameSite: sameSite() });
}
