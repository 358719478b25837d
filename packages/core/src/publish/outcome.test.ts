import { NetworkError, type NetworkErrorKind } from "@cadence/networks";
import { describe, expect, it } from "vitest";
import { VisibleError } from "../error/index.ts";
import { classify, maxAttempts } from "./outcome.ts";

function refusal(kind: NetworkErrorKind, status: number | undefined, extra = {}) {
  return new NetworkError({
    network: "mastodon",
    kind,
    operation: "publish",
    status,
    code: status ? `http_${status}` : "timeout",
    detail: "what the network said",
    userMessage:
      kind === "transient"
        ? "Mastodon had a temporary problem. Cadence will try again."
        : "Mastodon refused the request: what the network said.",
    ...extra,
  });
}
const unavailable = () => refusal("transient", 503);
/** The top of the jitter range: what the backoff allows at most for an attempt. */
const highest = () => 0.999_999;

describe("the outcome of a failed attempt", () => {
  it("a transient failure before the last attempt retries and says so", () => {
    const outcome = classify(unavailable(), 1, () => 0.5);
    expect(outcome.kind).toBe("retry");
    expect(outcome.message).toContain("Cadence will try again");
  });

  it("the final failure says it will not retry, and no longer promises another try", () => {
    const outcome = classify(unavailable(), maxAttempts, () => 0.5);
    expect(outcome.kind).toBe("failed");
    expect(outcome.message).not.toContain("will try again");
    expect(outcome.message).toContain(`tried ${maxAttempts} times and will not try again`);
    expect(outcome.message).toContain("Mastodon had a temporary problem.");
  });
});

describe("what is retryable", () => {
  it("5xx, timeouts and 429 retry; a refused token and a refused post do not", () => {
    expect(classify(refusal("transient", 503), 1).kind).toBe("retry");
    expect(classify(refusal("transient", undefined), 1).kind).toBe("retry");
    expect(classify(refusal("transient", 429), 1).kind).toBe("retry");
    expect(classify(refusal("auth", 401), 1).kind).toBe("failed");
    expect(classify(refusal("permanent", 422), 1).kind).toBe("failed");
  });

  it("a refused token fails at once and flags the account for reconnecting", () => {
    expect(classify(refusal("auth", 401), 1)).toMatchObject({
      kind: "failed",
      code: "reconnect_needed",
      reconnect: true,
      networkCode: "http_401",
    });
  });

  it("a refused post fails at once with the network's reason, and leaves the account alone", () => {
    expect(classify(refusal("permanent", 422), 1)).toMatchObject({
      kind: "failed",
      code: "network_refused",
      reconnect: false,
      message: "Mastodon refused the request: what the network said.",
    });
  });

  it("people see catalogue codes; the network's own code is kept for the logs", () => {
    expect(classify(refusal("transient", 503), 1)).toMatchObject({
      code: "network_unavailable",
      networkCode: "http_503",
    });
    expect(classify(refusal("transient", 429), 1)).toMatchObject({
      code: "network_rate_limited",
      networkCode: "http_429",
    });
    expect(classify(refusal("transient", 429), maxAttempts)).toMatchObject({
      kind: "failed",
      code: "network_rate_limited",
    });
  });

  it("Cadence's own refusal fails without retrying; only a missing sign-in flags the account", () => {
    const noSignIn = classify(new VisibleError("reconnect_needed"), 1);
    expect(noSignIn).toMatchObject({ kind: "failed", code: "reconnect_needed", reconnect: true });
    const unknown = classify(new VisibleError("network_not_supported"), 1);
    expect(unknown).toMatchObject({ kind: "failed", reconnect: false });
  });

  it("an unexpected error (a dropped connection in the SDK) is treated as transient", () => {
    expect(classify(new TypeError("fetch failed"), 1)).toMatchObject({
      kind: "retry",
      code: "network_unavailable",
    });
    expect(classify(new TypeError("fetch failed"), maxAttempts).kind).toBe("failed");
  });
});

describe("backoff", () => {
  // The test environment sets CADENCE_RETRY_BASE_MS to 300: the first ceiling is 300 ms.
  const base = Number(process.env.CADENCE_RETRY_BASE_MS ?? 30_000);

  const delayOf = (attempt: number, random: () => number, error = unavailable()) => {
    const outcome = classify(error, attempt, random);
    if (outcome.kind !== "retry") throw new Error(`attempt ${attempt} did not retry`);
    return outcome.delayMs;
  };

  it("never retries sooner than a second, even when the jitter draws zero", () => {
    for (let attempt = 1; attempt < maxAttempts; attempt += 1) {
      expect(delayOf(attempt, () => 0)).toBe(1_000);
    }
  });

  it("doubles the ceiling with each attempt (full jitter draws below it)", () => {
    const ceilings = [1, 2, 3, 4].map((attempt) => delayOf(attempt, highest));
    const expected = [1, 2, 3, 4].map((attempt) =>
      Math.max(1_000, Math.floor(highest() * base * 2 ** (attempt - 1))),
    );
    expect(ceilings).toEqual(expected);
    // A draw halfway gives half the ceiling: the delay is spread, not fixed.
    expect(delayOf(4, () => 0.5)).toBe(Math.max(1_000, Math.floor(0.5 * base * 8)));
  });

  it("never retries before the network's Retry-After", () => {
    const limited = refusal("transient", 429, { retryAfterMs: 90_000 });
    expect(delayOf(1, () => 0, limited)).toBe(90_000);
    expect(delayOf(1, highest, limited)).toBeGreaterThanOrEqual(90_000);
  });
});
