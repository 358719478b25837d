/**
 * Where the session lives in the browser. The short-lived access token stays with the tab
 * (sessionStorage), so it is gone when the tab closes; the refresh token is in localStorage,
 * so a reload or a new tab can get a fresh access token. The refresh token rotates on every
 * use; lib/api.ts is the only code that spends it.
 */
import type { Schema } from "./api.ts";

/** Also read by the landing page's inline redirect; keep the two in step. */
export const refreshKey = "cadence.refresh";
const accessKey = "cadence.access";
const workspaceKey = "cadence.workspace";
const flashKey = "cadence.flash";

/** An access token this close to expiry is refreshed before use rather than sent. */
const expiryMarginMs = 30_000;

/** What the session keeps of the API's tokens answer. */
export type Tokens = Pick<Schema<"Tokens">, "accessToken" | "refreshToken" | "expiresIn">;

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
  write(local, refreshKey, tokens.refreshToken);
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

export function refreshToken(): string | undefined {
  return read(local, refreshKey) ?? undefined;
}

export function hasSession(): boolean {
  return refreshToken() !== undefined;
}

export function clearSession(): void {
  write(tab, accessKey, null);
  write(local, refreshKey, null);
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
