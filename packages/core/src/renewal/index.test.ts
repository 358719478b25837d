import { NetworkError, type NetworkErrorKind } from "@cadence/networks";
import { describe, expect, it } from "vitest";
import { Renewal } from "./index.ts";

const now = Date.parse("2026-05-01T12:00:00Z");
const refused = (kind: NetworkErrorKind) =>
  new NetworkError({
    network: "x",
    kind,
    operation: "refresh token",
    status: kind === "auth" ? 400 : 503,
    code: kind === "auth" ? "invalid_grant" : "http_503",
    detail: "the network's words",
    userMessage: "X no longer accepts Cadence's access to this account. Reconnect the account.",
  });
const minutes = (n: number) => n * 60_000;

describe("after a failed token refresh", () => {
  it("a refused grant stops refreshing and asks a person to reconnect, with the network's reason", () => {
    expect(Renewal.afterFailure(refused("auth"), 1, now)).toEqual({
      kind: "reconnect",
      reason: "X no longer accepts Cadence's access to this account. Reconnect the account.",
    });
  });

  it("a network outage tries again, five minutes after the first failure, doubling after", () => {
    const delays = [1, 2, 3, 4].map((failures) => {
      const next = Renewal.afterFailure(refused("transient"), failures, now);
      if (next.kind !== "retry") throw new Error("expected a retry");
      expect(next.refreshAt).toBe(new Date(now + next.backoffMs).toISOString());
      return next.backoffMs;
    });
    expect(delays).toEqual([minutes(5), minutes(10), minutes(20), minutes(40)]);
  });

  it("the backoff stops growing at six hours, so an account is never forgotten", () => {
    const next = Renewal.afterFailure(refused("transient"), 30, now);
    expect(next).toMatchObject({ kind: "retry", backoffMs: minutes(360) });
  });

  it("an error that is not the network's (a bug, a throttled table) is retried, not a reconnect", () => {
    expect(Renewal.afterFailure(new Error("boom"), 1, now).kind).toBe("retry");
    expect(Renewal.afterFailure(refused("permanent"), 1, now).kind).toBe("retry");
  });
});
