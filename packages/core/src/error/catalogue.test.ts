import { describe, expect, it } from "vitest";
import { catalogue, domains, isErrorCode, statusFor, VisibleError } from "./index.ts";

describe("the error catalogue", () => {
  it("holds each code in exactly one domain", () => {
    const owners = new Map<string, string[]>();
    for (const domain of domains) {
      for (const code of Object.keys(domain.codes)) {
        owners.set(code, [...(owners.get(code) ?? []), domain.name]);
      }
    }
    const twice = [...owners].filter(([, names]) => names.length > 1);
    expect(twice).toEqual([]);
    expect(Object.keys(catalogue)).toHaveLength(owners.size);
  });

  it("names codes in snake_case and says each fix as a sentence", () => {
    for (const [code, entry] of Object.entries(catalogue)) {
      expect(code, code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(entry.title, code).toMatch(/^[A-Z].*[^.]$/);
      expect(entry.fix, code).toMatch(/^[A-Z`].*[.)]$/);
    }
  });

  it("keeps one code per idea: none of the retired synonyms is back", () => {
    for (const retired of [
      "account_needs_reconnect",
      "account_not_connected",
      "invalid_range",
      "period_too_long",
      "owner_required",
      "network_not_found",
      "token_invalid",
      "refresh_token_invalid",
      "approval_changed",
      "queue_changed",
      "media_processing",
      "return_to_not_allowed",
      "attempt_used",
      "bad_request",
    ]) {
      expect(isErrorCode(retired), retired).toBe(false);
    }
  });
});

describe("a visible error", () => {
  it("takes its status and title from the catalogue, and its fix when given no sentence", () => {
    const error = new VisibleError("queue_full");
    expect(error.status).toBe(409);
    expect(error.title).toBe(catalogue.queue_full.title);
    expect(error.message).toBe(catalogue.queue_full.fix);
  });

  it("keeps the thrower's own sentence when it has one", () => {
    const error = new VisibleError("time_in_past", "That time (2020-01-01T00:00Z) has passed.");
    expect(error.message).toBe("That time (2020-01-01T00:00Z) has passed.");
    expect(error.status).toBe(400);
  });

  it("answers 400 for something missing that a body field named, 404 for an address", () => {
    expect(statusFor("account_not_found")).toBe(404);
    expect(statusFor("account_not_found", "targets[0].accountId")).toBe(400);
    expect(new VisibleError("preset_not_found", undefined, "presetId").status).toBe(400);
    // A field on a code that is not about something missing leaves its status alone.
    expect(statusFor("media_not_ready", "mediaIds")).toBe(409);
  });
});
