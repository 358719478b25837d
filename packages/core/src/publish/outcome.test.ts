import { NetworkError } from "@cadence/networks";
import { describe, expect, it } from "vitest";
import { classify, maxAttempts } from "./outcome.ts";

const unavailable = () =>
  new NetworkError({
    network: "mastodon",
    kind: "transient",
    operation: "publish",
    status: 503,
    code: "http_503",
    detail: "Service Unavailable",
    userMessage: "Mastodon had a temporary problem (HTTP 503). Cadence will try again.",
  });

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
    expect(outcome.message).toContain("Mastodon had a temporary problem (HTTP 503).");
  });
});
