import { isNetworkError } from "./error.ts";

export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected in tests to avoid real waiting. */
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs an idempotent step (a media chunk, a status poll) and retries it on transient
 * NetworkErrors with exponential backoff and full jitter, honouring the network's retry-after
 * when it says more. Anything else, or the last failure, is rethrown unchanged. Never wrap a
 * publish call in this: a post that timed out may still have been made.
 */
export async function retryTransient<T>(
  step: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 15_000;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!isNetworkError(error) || error.kind !== "transient" || attempt >= attempts) throw error;
      const backoff = Math.random() * Math.min(max, base * 2 ** (attempt - 1));
      // A retry-after longer than our ceiling means "not now": let the queue reschedule.
      if ((error.retryAfterMs ?? 0) > max) throw error;
      await wait(Math.max(backoff, error.retryAfterMs ?? 0));
    }
  }
}
