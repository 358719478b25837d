import type { ErrorReading } from "../kit/error.ts";
import { asRecord, stringOf } from "../kit/json.ts";

/**
 * Pinterest API v5 errors are `{code, message}` with a numeric code (developers.pinterest.com/
 * docs/api/v5, "Error"); the token endpoint answers the same shape. The HTTP status carries the
 * kind: 401 a token Pinterest no longer accepts, 429 a rate limit, other 4xx a refusal.
 */
export function readPinterestError(body: unknown, status: number): ErrorReading {
  const record = asRecord(body);
  const code = typeof record.code === "number" ? String(record.code) : `http-${status}`;
  const detail =
    stringOf(record.message) ??
    (typeof body === "string" && body.length < 200 ? body : `HTTP ${status}`);
  if (status === 401) {
    return {
      code,
      detail,
      userMessage: "Pinterest says the access token is no longer valid. Reconnect the account.",
    };
  }
  if (status === 404 && /board/i.test(detail)) {
    return {
      code,
      detail,
      userMessage:
        "Pinterest cannot find the chosen board; it may have been deleted. Choose another board.",
    };
  }
  if (status === 400 || status === 403 || status === 404) {
    return {
      code,
      detail,
      userMessage: `Pinterest refused the Pin: ${detail.replace(/\.?$/, ".")} Edit the post and try again.`,
    };
  }
  return { code, detail };
}

/**
 * Pinterest answers a refresh or authorization code it no longer honours with its own body
 * ("The authorization grant is invalid", code 283), not RFC 6749's invalid_grant.
 */
export function pinterestGrantGone(code: string, detail: string): boolean {
  return code === "283" || /authorization grant|refresh token/i.test(detail);
}
