import type { ErrorReading } from "../kit/error.ts";
import { asRecord, stringOf } from "../kit/json.ts";

/**
 * Mastodon answers errors as `{"error": "…"}` (plus `error_description` on OAuth endpoints).
 * The words are the only code it gives, so the code is derived from them.
 */
export function readMastodonError(body: unknown, status: number): ErrorReading {
  const record = asRecord(body);
  const error =
    stringOf(record.error) ??
    (typeof body === "string" && body.length < 200 ? body : `HTTP ${status}`);
  const detail = stringOf(record.error_description) ?? error;
  if (status === 401) {
    const code = /revoked/i.test(error)
      ? "token_revoked"
      : /expired/i.test(error)
        ? "token_expired"
        : "token_invalid";
    const what =
      code === "token_revoked"
        ? "was revoked"
        : code === "token_expired"
          ? "has expired"
          : "is not valid";
    return {
      code,
      detail,
      userMessage: `Mastodon says the access token ${what}. Reconnect the account.`,
    };
  }
  if (status === 422) {
    const reason = error.replace(/^Validation failed:\s*/i, "");
    return {
      code: "validation_failed",
      detail,
      userMessage: `Mastodon refused the post: ${reason.replace(/\.?$/, ".")} Edit the post and try again.`,
    };
  }
  if (status === 403 && /disabled|suspended|not allowed/i.test(error)) {
    return {
      code: "forbidden",
      detail,
      userMessage: `Mastodon refused the request: ${error.replace(/\.?$/, ".")} Check the account on its server.`,
    };
  }
  if (status === 404)
    return {
      code: "not_found",
      detail,
      userMessage: "Mastodon cannot find this post any more; it may have been deleted.",
    };
  return { code: error === detail ? slug(error) : error, detail };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "")
      .slice(0, 40) || "error"
  );
}
