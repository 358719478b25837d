/**
 * Where the session lives in the browser. The short-lived access token stays with the tab
 * (sessionStorage), so it is gone when the tab closes. The refresh token is an HttpOnly cookie
 * the API sets for its /auth/refresh route only: no script on the page can read it, so a reload
 * or a new tab gets a fresh access token by calling that route. localStorage keeps only a
 * marker that a session exists (not a secret), so pages know whether to try.
 */
import type { Schema } from "./api.ts";

/** Also read by the landing page's redirect (scripts/landing.ts). */
export const signedInKey = "cadence.signed-in";
const accessKey = "cadence.access";
const workspaceKey = "cadence.workspace";
const flashKey = "cadence.flash";

/** An access token this close to expiry is refreshed before use rather than sent. */
const expiryMarginMs = 30_000;

/** What the session keeps of the API's tokens answer (the refresh token is an HttpOnly cookie). */
export type Tokens = Pick<Schema<"Tokens">, "accessToken" | "expiresIn">;

function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

function write(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // Storage is unavailable (a locked-down browser): the session then lasts for this page.
  }
}

const local = () => localStorage;
const tab = () => sessionStorage;

export function saveTokens(tokens: Tokens): void {
  const expiresAt = Date.now() + tokens.expiresIn * 1000;
  write(tab, accessKey, JSON.stringify({ token: tokens.accessToken, expiresAt }));
  write(local, signedInKey, "1");
}

/** The access token if it is still good for a while. */
export function accessToken(): string | undefined {
  const stored = read(tab, accessKey);
  if (!stored) return undefined;
  try {
    const { token, expiresAt } = JSON.parse(stored) as { token: string; expiresAt: number };
    return expiresAt - expiryMarginMs > Date.now() ? token : undefined;
  } catch {
    return undefined;
  }
}

export function hasSession(): boolean {
  return read(local, signedInKey) !== null;
}

export function clearSession(): void {
  write(tab, accessKey, null);
  write(local, signedInKey, null);
  // The refresh token of an older version of the site, kept in localStorage, goes too.
  write(local, "cadence.refresh", null);
}

/** The workspace the person last chose; the app falls back to their personal one. */
export function chosenWorkspace(): string | undefined {
  return read(local, workspaceKey) ?? undefined;
}

export function chooseWorkspace(workspaceId: string | undefined): void {
  write(local, workspaceKey, workspaceId ?? null);
}

/** A message for the next page to show once (e.g. "You joined Acme"). */
export function setFlash(message: string): void {
  write(tab, flashKey, message);
}

export function takeFlash(): string | undefined {
  const message = read(tab, flashKey);
  write(tab, flashKey, null);
  return message ?? undefined;
}
