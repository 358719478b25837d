import { VisibleError } from "../error/index.ts";
import { Site } from "../site/index.ts";

/**
 * Why a connection did not complete, as the callback tells the site (`returnTo?error=<code>`).
 * The site explains each in its own words; `callbackErrors` holds the API's sentence for each.
 */
export const callbackErrors = {
  cancelled: "The connection was cancelled on the network. Connect again and choose Authorize.",
  state_mismatch:
    "The answer from the network did not match a connection Cadence started. Start the connection again from Cadence.",
  attempt_expired:
    "The connection took longer than 10 minutes or was already completed. Start it again.",
  attempt_used: "This connection was already completed. Start a new one to connect again.",
  wrong_account:
    "You signed in as a different account than the one being reconnected. Sign in as that account on the network and try again.",
  not_allowed:
    "You can no longer connect accounts in this workspace (admins and owners can). Ask an owner.",
  network_refused:
    "The network refused the connection. Check the account on the network and connect again.",
  network_unavailable: "The network could not be reached. Try connecting again in a few minutes.",
} as const;
export type CallbackError = keyof typeof callbackErrors;

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
      "input",
      "return_to_not_allowed",
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
