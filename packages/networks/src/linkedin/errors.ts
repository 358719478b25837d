import { type ErrorReading, sentence } from "../kit/error.ts";
import { asRecord, stringOf } from "../kit/json.ts";

/**
 * LinkedIn's error bodies: `{status, serviceErrorCode, code, message}` (401 REVOKED_ACCESS_TOKEN,
 * 426 NONEXISTENT_VERSION, 429 …), validation failures as `{errorDetailType, message,
 * errorDetails: {inputErrors: [{description, input, code}]}, status}` (422 DUPLICATE_POST), and
 * the OAuth endpoints' `{error, error_description}`. The code is the most specific of these.
 */
export function readLinkedInError(body: unknown, status: number): ErrorReading {
  const record = asRecord(body);
  const oauthCode = stringOf(record.error);
  if (oauthCode !== undefined) {
    return { code: oauthCode, detail: stringOf(record.error_description) ?? oauthCode };
  }
  const inputErrors = asRecord(record.errorDetails).inputErrors;
  const input = asRecord(Array.isArray(inputErrors) ? inputErrors[0] : undefined);
  const message = (
    stringOf(record.message) ??
    (typeof body === "string" && body.length < 200 ? body : `HTTP ${status}`)
  ).replace(/^[\w.]+Exception: /, "");
  const code =
    stringOf(input.code) ??
    stringOf(record.code) ??
    (typeof record.serviceErrorCode === "number" ? String(record.serviceErrorCode) : undefined) ??
    `http_${status}`;
  const detail = stringOf(input.description) ? `${message} (${input.description})` : message;
  return { code, detail, ...messageFor(code, status, message) };
}

function messageFor(code: string, status: number, message: string): Partial<ErrorReading> {
  if (code === "DUPLICATE_POST") {
    return {
      kind: "permanent",
      userMessage:
        "LinkedIn refused the post: it is a duplicate of a recent post. Change the text and try again.",
    };
  }
  if (status === 401) {
    const what = /REVOKED/.test(code)
      ? "was revoked"
      : /EXPIRED/.test(code)
        ? "has expired"
        : "is not valid";
    return {
      kind: "auth",
      userMessage: `LinkedIn says the access token ${what}. Reconnect the account.`,
    };
  }
  if (status === 426 || code === "NONEXISTENT_VERSION" || code === "VERSION_MISSING") {
    return {
      kind: "permanent",
      userMessage:
        "LinkedIn no longer serves the API version Cadence uses. Cadence's team must update it; try again later.",
    };
  }
  if (status === 403) {
    return {
      userMessage: `LinkedIn does not let Cadence do this for the account: ${sentence(message)} Check that the member still administers the page, or reconnect and approve every permission.`,
    };
  }
  if (status === 400 || status === 422) {
    return {
      userMessage: `LinkedIn refused the post: ${sentence(message)} Edit the post and try again.`,
    };
  }
  return {};
}
