import { type ErrorCode, VisibleError } from "../error/index.ts";
import { Site } from "../site/index.ts";

/**
 * Why a connection did not complete, as the callback tells the site (`returnTo?error=<code>`).
 * The site explains each in its own words; the catalogue holds the API's sentence for each.
 */
export const callbackErrors = [
  "cancelled",
  "state_mismatch",
  "attempt_expired",
  "wrong_account",
  "role_required",
  "network_refused",
  "network_unavailable",
] as const satisfies readonly ErrorCode[];
export type CallbackError = (typeof callbackErrors)[number];

/** Refuses a return address that is not on the site, so the callback cannot redirect anywhere. */
export function checkReturnTo(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const origins = Site.origins();
  const loopback = url !== undefined && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  const allowed =
    url !== undefined &&
    !url.username &&
    !url.password &&
    (origins.length > 0
      ? origins.includes(url.origin)
      : url.protocol === "https:" || (url.protocol === "http:" && loopback));
  if (!allowed) {
    throw new VisibleError(
      "link_not_allowed",
      "returnTo must be an address on the Cadence site, where the browser comes back after connecting.",
      "returnTo",
    );
  }
  return url.href;
}

/** The return address with the outcome added to its query. */
export function withOutcome(returnTo: string, outcome: Record<string, string>): string {
  const url = new URL(returnTo);
  for (const [key, value] of Object.entries(outcome)) url.searchParams.set(key, value);
  return url.href;
}
