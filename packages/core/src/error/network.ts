import type { NetworkError } from "@cadence/networks";
import type { ErrorCode } from "./catalogue/index.ts";

/**
 * The catalogue code people see for a network's refusal. The adapter's classification decides:
 * its own codes ("InvalidToken", "283", "http_503") stay in logs, since each network spells the
 * same trouble its own way.
 */
export function userCodeOf(error: NetworkError): ErrorCode {
  if (error.kind === "auth") return "reconnect_needed";
  if (error.kind === "permanent") return "network_refused";
  return error.status === 429 ? "network_rate_limited" : "network_unavailable";
}
