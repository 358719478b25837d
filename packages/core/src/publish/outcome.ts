import { NetworkError } from "@cadence/networks";
import { type ErrorCode, userCodeOf, VisibleError } from "../error/index.ts";

/**
 * What to do after a failed publish attempt. `code` is the catalogue's; `networkCode` is what
 * the network itself said, for logs.
 */
export type Outcome =
  | { kind: "retry"; delayMs: number; code: ErrorCode; message: string; networkCode?: string }
  | {
      kind: "failed";
      code: ErrorCode;
      message: string;
      reconnect: boolean;
      networkCode?: string;
    };

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
    const code = userCodeOf(error);
    const networkCode = error.code;
    if (error.kind === "transient") {
      return retryOrGiveUp(
        { code, networkCode },
        error.userMessage,
        attempt,
        error.retryAfterMs,
        random,
      );
    }
    const reconnect = error.kind === "auth";
    return { kind: "failed", code, message: error.userMessage, reconnect, networkCode };
  }
  if (error instanceof VisibleError) {
    // Cadence's own refusal (no stored sign-in, network not configured): retrying won't help.
    return {
      kind: "failed",
      code: error.code,
      message: error.message,
      reconnect: error.code === "reconnect_needed",
    };
  }
  const message = "The network could not be reached.";
  return retryOrGiveUp({ code: "network_unavailable" }, message, attempt, undefined, random);
}

function retryOrGiveUp(
  codes: { code: ErrorCode; networkCode?: string },
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
      ...codes,
      message: `${withoutPromise} Cadence tried ${attempt} times and will not try again; retry it when the network is back.`,
      reconnect: false,
    };
  }
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const delayMs = Math.max(jittered, retryAfterMs ?? 0, 1_000);
  return { kind: "retry", delayMs, ...codes, message };
}
