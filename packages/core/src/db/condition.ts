import { VisibleError } from "../error/index.ts";

/**
 * The one place that tells "the condition in the write did not hold" (someone else moved the
 * item first) from every other failure. ElectroDB wraps the SDK's error in `cause`; a cancelled
 * transaction counts only when each rejected item failed its condition. Throttling, timeouts and
 * transaction conflicts are not condition failures: they propagate, so the caller retries.
 */
export function isConditionFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { name, CancellationReasons, cause } = current as {
      name?: string;
      CancellationReasons?: { Code?: string }[];
      cause?: unknown;
    };
    if (name === "ConditionalCheckFailedException") return true;
    if (name === "TransactionCanceledException") return onlyConditions(CancellationReasons ?? []);
    current = cause;
  }
  return false;
}

function onlyConditions(reasons: { Code?: string; code?: string }[]): boolean {
  const codes = reasons.map((r) => r.Code ?? r.code ?? "None").filter((c) => c !== "None");
  return codes.length > 0 && codes.every((c) => c === "ConditionalCheckFailed");
}

/** Runs a conditional write: its result, or undefined when its condition did not hold. */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** For `.catch` on a write whose refused condition is expected and harmless: rethrows the rest. */
export function ignoreCondition(error: unknown): undefined {
  if (isConditionFailure(error)) return undefined;
  throw error;
}

/**
 * ElectroDB answers a cancelled transaction instead of throwing: true when it committed, false
 * when only conditions refused it; any other cancellation (throttling, a concurrent transaction
 * on the same item) is thrown as retryable.
 */
export function committed(result: { canceled: boolean; data: unknown }): boolean {
  if (!result.canceled) return true;
  const reasons = Array.isArray(result.data) ? (result.data as { code?: string }[]) : [];
  if (onlyConditions(reasons)) return false;
  throw new VisibleError(
    "write_contended",
    "Another change to the same post was being saved at that moment. Try again in a few seconds.",
  );
}
