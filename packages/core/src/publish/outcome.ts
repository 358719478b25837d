import { NetworkError } from "@cadence/networks";
import { VisibleError } from "../error/index.ts";

/** What to do after a failed publish attempt. */
export type Outcome =
  | { kind: "retry"; delayMs: number; code: string; message: string }
  | { kind: "failed"; code: string; message: string; reconnect: boolean };

export const maxAttempts = 5;
/** First retry's ceiling; configurable so a test run need not wait half a minute. */
const baseDelayMs = Number(process.env.CADENCE_RETRY_BASE_MS ?? 30_000);
const maxDelayMs = 30 * 60_000;

/**
 * Transient failures (timeouts, 5xx, 429) retry with exponential backoff and full jitter,
 * never sooner than the network's Retry-After, up to `maxAttempts`; permanent ones fail at
 * once with the network's reason; auth failures fail and flag the account for reconnecting.
 */
export function classify(error: unknown, attempt: number, random = Math.random): Outcome {
  if (error instanceof NetworkError) {
    if (error.kind === "auth") {
      return {
        kind: "failed",
        code: "reconnect_needed",
        message: error.userMessage,
        reconnect: true,
      };
    }
    if (error.kind === "permanent") {
      return {
        kind: "failed",
        code: error.code ?? "rejected",
        message: error.userMessage,
        reconnect: false,
      };
    }
    return retryOrGiveUp(
      error.code ?? "network_unavailable",
      error.userMessage,
      attempt,
      error.retryAfterMs,
      random,
    );
  }
  if (error instanceof VisibleError) {
    // Cadence's own refusal (no stored sign-in, network not configured): retrying won't help.
    return {
      kind: "failed",
      code: error.code,
      message: error.message,
      reconnect: error.code === "account_not_connected",
    };
  }
  const message = "The network could not be reached.";
  return retryOrGiveUp("network_unavailable", message, attempt, undefined, random);
}

function retryOrGiveUp(
  code: string,
  message: string,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): Outcome {
  if (attempt >= maxAttempts) {
    // The network's sentence may promise another try; after the last one that would be untrue.
    const withoutPromise = message.replace(/\s*Cadence will try again[^.]*\./g, "").trim();
    return {
      kind: "failed",
      code,
      message: `${withoutPromise} Cadence tried ${attempt} times and will not try again; retry it when the network is back.`,
      reconnect: false,
    };
  }
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return { kind: "retry", delayMs: Math.max(jittered, retryAfterMs ?? 0, 1_000), code, message };
}
