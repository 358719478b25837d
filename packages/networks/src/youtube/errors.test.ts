import { describe, expect, it } from "vitest";
import { readYouTubeError, untilPacificMidnight } from "./errors.ts";

const hour = 3600_000;

describe("YouTube errors", () => {
  it("waits for the quota to reset at midnight Pacific time, across DST changes", () => {
    expect(untilPacificMidnight(Date.parse("2026-03-08T07:30:00Z"))).toBe(hour / 2);
    // 01:00 PST on the day clocks go forward: the day has 23 hours.
    expect(untilPacificMidnight(Date.parse("2026-03-08T09:00:00Z"))).toBe(22 * hour);
    // 01:00 PDT on the day clocks go back: the day has 25 hours.
    expect(untilPacificMidnight(Date.parse("2026-11-01T08:00:00Z"))).toBe(24 * hour);
    expect(untilPacificMidnight(Date.parse("2026-07-01T06:59:59.250Z"))).toBe(750);
  });

  it("reads quotaExceeded as a wait and an invalid title as a refusal in YouTube's words", () => {
    const quota = readYouTubeError(
      {
        error: {
          code: 403,
          message:
            'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
          errors: [{ domain: "youtube.quota", reason: "quotaExceeded", message: "quota" }],
        },
      },
      403,
    );
    expect(quota).toMatchObject({ code: "quotaExceeded", kind: "transient" });
    expect(quota.detail).toBe(
      "The request cannot be completed because you have exceeded your quota.",
    );
    expect(quota.retryAfterMs).toBeGreaterThan(0);
    expect(quota.retryAfterMs).toBeLessThanOrEqual(25 * hour);
    const title = readYouTubeError(
      {
        error: {
          code: 400,
          message: "The request metadata specifies an invalid video title.",
          errors: [{ reason: "invalidTitle" }],
        },
      },
      400,
    );
    expect(title.userMessage).toBe(
      "YouTube refused the video's details: The request metadata specifies an invalid video title. Edit the post and try again.",
    );
  });
});
