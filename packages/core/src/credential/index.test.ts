import { describe, expect, it } from "vitest";
import { Credential } from "./index.ts";

const now = Date.parse("2026-05-01T12:00:00Z");
const inMinutes = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
const margin = Credential.refreshMarginMs / 60_000;

describe("when a credential is refreshed", () => {
  it("the renewal cron comes the margin before the access token expires", () => {
    const refreshAt = Credential.refreshAtFor({
      accessToken: "a",
      refreshToken: "r",
      expiresAt: inMinutes(60),
    });
    expect(refreshAt).toBe(inMinutes(60 - margin));
  });

  it("tokens that never expire, or cannot be refreshed, are never due", () => {
    expect(Credential.refreshAtFor({ accessToken: "a", refreshToken: "r" })).toBe("");
    expect(Credential.refreshAtFor({ accessToken: "a", expiresAt: inMinutes(5) })).toBe("");
  });

  it("a publish refreshes first only when the token expires within the margin", () => {
    const stored = (expiresInMinutes: number) => ({
      refreshAt: inMinutes(expiresInMinutes - margin),
      expiresAt: inMinutes(expiresInMinutes),
    });
    expect(Credential.needsRefresh(stored(margin + 1), now)).toBe(false);
    expect(Credential.needsRefresh(stored(margin), now)).toBe(true);
    expect(Credential.needsRefresh(stored(1), now)).toBe(true);
    // Already expired (a publish after a long outage): refresh rather than fail with 401.
    expect(Credential.needsRefresh(stored(-30), now)).toBe(true);
  });

  it("a credential that cannot be refreshed is used as it is, however close its expiry", () => {
    expect(Credential.needsRefresh({ refreshAt: "", expiresAt: inMinutes(1) }, now)).toBe(false);
  });

  it("a refreshable credential with no known expiry is refreshed rather than trusted", () => {
    expect(Credential.needsRefresh({ refreshAt: inMinutes(0), expiresAt: "" }, now)).toBe(true);
  });
});
