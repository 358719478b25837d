import type { ErrorReading } from "../kit/error.ts";
import { asRecord, stringOf } from "../kit/json.ts";

/**
 * X API v2 errors are RFC 7807 problems: `{title, detail, type, status}` with an `errors` array
 * for invalid requests; the OAuth endpoints answer `{error, error_description}`. The `type`
 * URL's last segment is X's code ("invalid-request", "usage-capped", "client-forbidden").
 */
export function readXError(body: unknown, status: number): ErrorReading {
  const problem = asRecord(body);
  const oauthCode = stringOf(problem.error);
  if (oauthCode !== undefined) {
    return { code: oauthCode, detail: stringOf(problem.error_description) ?? oauthCode };
  }
  const first = asRecord(Array.isArray(problem.errors) ? problem.errors[0] : undefined);
  const detail =
    stringOf(first.message) ??
    stringOf(problem.detail) ??
    stringOf(first.detail) ??
    stringOf(problem.title) ??
    (typeof body === "string" && body.length < 200 ? body : `HTTP ${status}`);
  const type = stringOf(problem.type) ?? stringOf(first.type) ?? "";
  const code = /duplicate content/i.test(detail)
    ? "duplicate"
    : type.startsWith("https://")
      ? (type.split("/").pop() ?? "error")
      : slug(stringOf(problem.title) ?? `http-${status}`);
  return { code, detail, ...messageFor(code, status, detail) };
}

function messageFor(code: string, status: number, detail: string): Partial<ErrorReading> {
  switch (code) {
    case "duplicate":
      return {
        userMessage:
          "X refused the post: it is a duplicate of a recent post. Change the text and try again.",
      };
    case "usage-capped":
      return {
        kind: "transient",
        userMessage:
          "X's monthly post allowance for Cadence's app is used up. Cadence will try again when it resets.",
      };
    case "client-forbidden":
    case "unsupported-authentication":
      return {
        userMessage:
          "X does not allow Cadence's app to do this with its current access level. An administrator must check the X app settings.",
      };
    case "resource-not-found":
      return { userMessage: "X cannot find this post any more; it may have been deleted." };
  }
  if (status === 401) {
    return { userMessage: "X says the access token is no longer valid. Reconnect the account." };
  }
  if (status === 400 || status === 403) {
    return {
      userMessage: `X refused the post: ${detail.replace(/\.?$/, ".")} Edit the post and try again.`,
    };
  }
  return {};
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
