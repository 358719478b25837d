import { createHmac, timingSafeEqual } from "node:crypto";
import { asRecord, stringOf } from "../kit/json.ts";
import type { WebhookEvent, WebhookOutcome, WebhookRequest } from "../types.ts";

/** base64(HMAC-SHA256(secret, message)) prefixed "sha256=", X's signature format. */
export function xSignature(secret: string, message: string): string {
  return `sha256=${createHmac("sha256", secret).update(message).digest("base64")}`;
}

/** X's crc_token: 8-256 characters of base64 (or base64url) text. */
const crcTokenShape = /^[A-Za-z0-9+/_-]{8,256}={0,2}$/;

/**
 * X Account Activity webhooks. A GET with `crc_token` is the challenge-response check: answer
 * `{response_token: "sha256=" + base64(HMAC-SHA256(consumer secret, crc_token))}`. A POST is a
 * delivery signed in `x-twitter-webhooks-signature` with the same HMAC over the raw body.
 */
export function handleXWebhook(
  secret: string | undefined,
  request: WebhookRequest,
): WebhookOutcome {
  if (!secret) return { kind: "rejected", reason: "no webhook secret is configured for X" };
  if (request.method.toUpperCase() === "GET") {
    const token = request.query.crc_token;
    // The CRC answer is the same HMAC as a delivery's signature, so it must never sign
    // something shaped like a delivery: X's tokens are short base64 text, never JSON.
    if (!token || !crcTokenShape.test(token)) {
      return { kind: "rejected", reason: "CRC request without an X-shaped crc_token" };
    }
    return {
      kind: "challenge",
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ response_token: xSignature(secret, token) }),
    };
  }
  const signature = header(request, "x-twitter-webhooks-signature");
  if (!signature || !sameText(signature, xSignature(secret, request.rawBody))) {
    return { kind: "rejected", reason: "signature does not match" };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(request.rawBody);
  } catch {
    return { kind: "rejected", reason: "body is not JSON" };
  }
  return { kind: "events", events: xEvents(asRecord(payload)) };
}

/** Maps Account Activity payloads to Cadence's events; everything else is "other". */
function xEvents(payload: Record<string, unknown>): WebhookEvent[] {
  const forUser = stringOf(payload.for_user_id);
  const events: WebhookEvent[] = [];
  for (const raw of list(payload.tweet_delete_events)) {
    const status = asRecord(asRecord(raw).status);
    const deletedAt = Number(asRecord(raw).timestamp_ms);
    events.push({
      type: "post_deleted",
      accountExternalId: stringOf(status.user_id) ?? forUser,
      postExternalId: stringOf(status.id),
      id: stringOf(status.id) && `delete:${stringOf(status.id)}`,
      ...(Number.isFinite(deletedAt) ? { occurredAt: deletedAt } : {}),
      raw,
    });
  }
  for (const raw of list(payload.tweet_create_events)) {
    const tweet = asRecord(raw);
    const author = stringOf(asRecord(tweet.user).id_str);
    if (author === forUser) continue;
    const reply = stringOf(tweet.in_reply_to_status_id_str);
    const createdAt = Number(tweet.timestamp_ms);
    events.push({
      type: reply ? "comment" : "mention",
      accountExternalId: forUser,
      postExternalId: reply ?? stringOf(tweet.id_str),
      id: stringOf(tweet.id_str) && `tweet:${forUser}:${stringOf(tweet.id_str)}`,
      ...(Number.isFinite(createdAt) ? { occurredAt: createdAt } : {}),
      raw,
    });
  }
  const revoke = asRecord(asRecord(payload.user_event).revoke);
  if (Object.keys(revoke).length > 0) {
    const revokedAt = Date.parse(stringOf(revoke.date_time) ?? "");
    events.push({
      type: "deauthorized",
      accountExternalId: stringOf(asRecord(revoke.source).user_id) ?? forUser,
      ...(Number.isFinite(revokedAt) ? { occurredAt: revokedAt } : {}),
      raw: payload.user_event,
    });
  }
  if (events.length === 0) events.push({ type: "other", accountExternalId: forUser, raw: payload });
  return events;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function header(request: WebhookRequest, name: string): string | undefined {
  const found = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
