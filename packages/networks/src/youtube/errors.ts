import type { ErrorReading } from "../kit/error.ts";
import { readGoogleError } from "../kit/google.ts";

/**
 * YouTube Data API v3 errors (developers.google.com/youtube/v3/docs/errors): Google's error body
 * with `errors[].reason`. The daily quota (10,000 units by default; an upload costs 1,600)
 * resets at midnight Pacific time, so quotaExceeded is a wait, not a failure.
 */
export function readYouTubeError(body: unknown, status: number): ErrorReading {
  const reading = readGoogleError(body, status);
  return { ...reading, ...messageFor(reading.code, reading.detail, status) };
}

function messageFor(code: string, detail: string, status: number): Partial<ErrorReading> {
  switch (code) {
    case "quotaExceeded":
    case "dailyLimitExceeded": {
      const wait = untilPacificMidnight();
      return {
        kind: "transient",
        retryAfterMs: wait,
        userMessage: `YouTube's daily API quota for Cadence is used up. Cadence will try again when it resets at midnight Pacific time, in about ${hours(wait)}.`,
      };
    }
    case "uploadLimitExceeded": {
      // A per-channel daily cap whose window YouTube does not state; its day is taken as the
      // quota's day.
      const wait = untilPacificMidnight();
      return {
        kind: "transient",
        retryAfterMs: wait,
        userMessage: `This channel reached YouTube's limit of uploads for the day. Cadence will try again in about ${hours(wait)}.`,
      };
    }
    case "rateLimitExceeded":
    case "userRateLimitExceeded":
      return { kind: "transient", retryAfterMs: 60_000 };
    case "authError":
    case "UNAUTHENTICATED":
      return {
        kind: "auth",
        userMessage: "YouTube says the access token is no longer valid. Reconnect the account.",
      };
    case "insufficientPermissions":
    case "ACCESS_TOKEN_SCOPE_INSUFFICIENT":
      return {
        kind: "auth",
        userMessage:
          "YouTube says this account did not give Cadence every permission it needs. Reconnect the account and allow them all.",
      };
    case "youtubeSignupRequired":
      return {
        kind: "auth",
        userMessage:
          "This Google account has no YouTube channel. Create the channel on YouTube, then reconnect the account.",
      };
    case "videoNotFound":
      return { userMessage: "YouTube cannot find this video any more; it may have been deleted." };
    case "commentsDisabled":
      return { userMessage: "Comments are turned off for this video on YouTube." };
  }
  if (/^invalid/.test(code) && status === 400) {
    return {
      userMessage: `YouTube refused the video's details: ${detail.replace(/\.?$/, ".")} Edit the post and try again.`,
    };
  }
  if (status === 403) {
    return {
      userMessage: `YouTube does not allow this for the channel: ${detail.replace(/\.?$/, ".")}`,
    };
  }
  return {};
}

const pacific = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Los_Angeles",
  hourCycle: "h23",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/** Milliseconds until the next midnight in America/Los_Angeles, across DST changes. */
export function untilPacificMidnight(now = Date.now()): number {
  const sinceMidnight = (at: number) => {
    const parts = Object.fromEntries(pacific.formatToParts(at).map((p) => [p.type, p.value]));
    return (
      ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 +
      (at % 1000)
    );
  };
  let midnight = now - sinceMidnight(now) + 24 * 3600_000;
  // On a DST change the day is 23 or 25 hours long: land on the wall clock's midnight.
  const off = sinceMidnight(midnight);
  if (off !== 0) midnight -= off > 12 * 3600_000 ? off - 24 * 3600_000 : off;
  return midnight - now;
}

function hours(ms: number): string {
  const h = Math.max(1, Math.round(ms / 3600_000));
  return h === 1 ? "1 hour" : `${h} hours`;
}
