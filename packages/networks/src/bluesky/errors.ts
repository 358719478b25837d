import type { ErrorReading } from "../kit/error.ts";
import { asRecord, stringOf } from "../kit/json.ts";

/**
 * XRPC errors are `{"error": "InvalidToken", "message": "…"}`. Bluesky answers an expired or
 * revoked access token with 400 ExpiredToken/InvalidToken, so those are auth whatever the status.
 */
export function readBlueskyError(body: unknown, status: number): ErrorReading {
  const record = asRecord(body);
  const code = stringOf(record.error) ?? `http_${status}`;
  const detail = stringOf(record.message) ?? stringOf(record.error) ?? `HTTP ${status}`;
  switch (code) {
    case "ExpiredToken":
    case "InvalidToken":
      return {
        code,
        detail,
        kind: "auth",
        userMessage: /revoked/i.test(detail)
          ? "Bluesky says the access token was revoked. Reconnect the account."
          : "Bluesky says the session has expired and could not be renewed. Reconnect the account.",
      };
    case "AuthenticationRequired":
    case "AuthFactorTokenRequired":
      return {
        code,
        detail,
        kind: "auth",
        userMessage:
          "Bluesky did not accept the handle and app password. Create a new app password in Bluesky's settings and reconnect.",
      };
    case "AccountTakedown":
    case "AccountDeactivated":
      return {
        code,
        detail,
        kind: "permanent",
        userMessage: `Bluesky says this account is unavailable (${detail}). Check the account in the Bluesky app.`,
      };
    case "RateLimitExceeded":
      return { code, detail, kind: "transient" };
  }
  if (status === 400) {
    return {
      code,
      detail,
      userMessage: `Bluesky refused the post: ${detail.replace(/\.?$/, ".")} Edit the post and try again.`,
    };
  }
  return { code, detail };
}
