import { type ErrorReading, NetworkError } from "../kit/error.ts";
import { asRecord, stringOf } from "../kit/json.ts";

const hour = 3600_000;

/**
 * TikTok API v2 errors (developers.tiktok.com/doc/tiktok-api-v2-error-handling): every answer
 * carries `{error: {code, message, log_id}}`, with code "ok" on success; the OAuth endpoints
 * answer `{error, error_description, log_id}` (RFC 6749 names).
 */
export function readTikTokError(body: unknown, status: number): ErrorReading {
  const record = asRecord(body);
  const oauthCode = stringOf(record.error);
  if (oauthCode !== undefined) {
    return { code: oauthCode, detail: stringOf(record.error_description) ?? oauthCode };
  }
  const error = asRecord(record.error);
  const code = stringOf(error.code) ?? `http-${status}`;
  const detail =
    stringOf(error.message) ??
    (typeof body === "string" && body.length < 200 ? body : `HTTP ${status}`);
  return { code, detail, ...messageFor(code, detail) };
}

function messageFor(code: string, detail: string): Partial<ErrorReading> {
  switch (code) {
    case "access_token_invalid":
      return {
        kind: "auth",
        userMessage: "TikTok says the access token is no longer valid. Reconnect the account.",
      };
    case "scope_not_authorized":
    case "scope_permission_missed":
      return {
        kind: "auth",
        userMessage:
          "TikTok says this account did not give Cadence every permission it needs. Reconnect the account and allow them all.",
      };
    case "rate_limit_exceeded":
      // Limits are per token and minute (6 inits, 30 status checks); no header says when.
      return { kind: "transient", retryAfterMs: 60_000 };
    case "spam_risk_too_many_posts":
      // A rolling daily cap per creator: a delay, not a failure (DESIGN: pacing).
      return {
        kind: "transient",
        retryAfterMs: hour,
        userMessage:
          "TikTok's daily limit of posts from apps is reached for this account. Cadence will try again in about an hour.",
      };
    case "spam_risk_too_many_pending_share":
      return {
        kind: "transient",
        retryAfterMs: hour,
        userMessage:
          "TikTok holds too many unfinished posts for this account. Cadence will try again in about an hour.",
      };
    case "reached_active_user_cap":
      return {
        kind: "transient",
        retryAfterMs: 6 * hour,
        userMessage:
          "Cadence's TikTok app reached its daily limit of active users. Cadence will try again later today.",
      };
    case "spam_risk_user_banned_from_posting":
      return {
        userMessage:
          "TikTok has blocked this account from posting. Check the account in the TikTok app.",
      };
    case "unaudited_client_can_only_post_to_private_accounts":
      return {
        userMessage:
          "TikTok lets Cadence's app post only privately until TikTok has reviewed the app. Choose private for this post.",
      };
    case "url_ownership_unverified":
      return {
        userMessage:
          "TikTok cannot fetch the photos: Cadence's media domain is not verified with TikTok. An administrator must verify it in the TikTok app settings.",
      };
    case "privacy_level_option_mismatch":
      return {
        userMessage:
          "TikTok does not offer the chosen privacy for this account. Choose another privacy and try again.",
      };
  }
  if (code.startsWith("spam_risk")) {
    return { userMessage: `TikTok refused the post as possible spam (${detail}). Edit the post.` };
  }
  return {};
}

/**
 * Why TikTok failed a post after accepting it (`fail_reason` of /v2/post/publish/status/fetch/),
 * as an error: what the person must change, or whether Cadence may simply try again.
 */
export function publishFailed(reason: string): NetworkError {
  const [kind, message] = failReasons[reason] ?? [
    "permanent",
    `TikTok could not publish the post (${reason}). Check the media and try again.`,
  ];
  return new NetworkError({
    network: "tiktok",
    kind,
    operation: "publish",
    code: reason,
    detail: `TikTok failed the post: ${reason}`,
    userMessage: message,
  });
}

const failReasons: Record<string, ["transient" | "permanent" | "auth", string]> = {
  file_format_check_failed: [
    "permanent",
    "TikTok could not read the video file. Use an MP4, WebM or MOV file.",
  ],
  duration_check_failed: [
    "permanent",
    "TikTok refused the video's length. Trim it to the length the account may post.",
  ],
  frame_rate_check_failed: [
    "permanent",
    "TikTok accepts videos of 23 to 60 frames per second. Export the video again.",
  ],
  picture_size_check_failed: [
    "permanent",
    "TikTok accepts pictures of 360 to 4096 pixels a side (photos up to 1080p). Resize the media.",
  ],
  video_pull_failed: ["transient", "TikTok could not fetch the video. Cadence will try again."],
  photo_pull_failed: ["transient", "TikTok could not fetch the photos. Cadence will try again."],
  internal: ["transient", "TikTok had a problem publishing the post. Cadence will try again."],
  publish_cancelled: ["permanent", "The post was cancelled on TikTok."],
  auth_removed: [
    "auth",
    "TikTok says Cadence's access was removed from this account. Reconnect the account.",
  ],
  spam_risk_text: [
    "permanent",
    "TikTok refused the post: it flagged the caption as possible spam. Edit the caption and try again.",
  ],
  spam_risk: [
    "permanent",
    "TikTok refused the post as possible spam. Edit the post and try again.",
  ],
  spam_risk_too_many_posts: [
    "transient",
    "TikTok's daily limit of posts from apps is reached for this account. Cadence will try again later.",
  ],
  spam_risk_user_banned_from_posting: [
    "permanent",
    "TikTok has blocked this account from posting. Check the account in the TikTok app.",
  ],
};
