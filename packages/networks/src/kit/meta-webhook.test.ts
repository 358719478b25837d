import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { handleMetaWebhook, metaSignature } from "./meta-webhook.ts";

const appSecret = "app-secret";
const options = { appSecret, verifyToken: "verify-me", events: () => [] };
const signed = (payload: object, secret = appSecret) => {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${createHmac("sha256", secret).update(body).digest("base64url")}.${body}`;
};
const form = (signedRequest: string) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  query: {},
  rawBody: `signed_request=${encodeURIComponent(signedRequest)}`,
});

describe("Meta webhooks", () => {
  it("refuses the subscription check without a configured verify token or a challenge", () => {
    const query = {
      "hub.mode": "subscribe",
      "hub.verify_token": "verify-me",
      "hub.challenge": "1",
    };
    const check = { method: "GET", headers: {}, query, rawBody: "" };
    expect(handleMetaWebhook({ ...options, verifyToken: undefined }, check).kind).toBe("rejected");
    expect(
      handleMetaWebhook(options, { ...check, query: { ...query, "hub.challenge": undefined } }),
    ).toEqual({ kind: "rejected", reason: "not a subscription check" });
  });

  it("answers a signed delivery with no events it knows as one `other` event", () => {
    const rawBody = JSON.stringify({ object: "user", entry: [{ id: "1", changes: [] }] });
    const outcome = handleMetaWebhook(options, {
      method: "POST",
      headers: { "x-hub-signature-256": metaSignature(appSecret, rawBody) },
      query: {},
      rawBody,
    });
    expect(outcome).toMatchObject({ kind: "events", events: [{ type: "other" }] });
  });

  it("refuses a signed request signed with another secret or another algorithm", () => {
    const payload = { algorithm: "HMAC-SHA256", user_id: "9", issued_at: 1 };
    expect(handleMetaWebhook(options, form(signed(payload)))).toMatchObject({
      kind: "events",
      events: [{ type: "deauthorized", accountExternalId: "9" }],
    });
    expect(handleMetaWebhook(options, form(signed(payload, "other-secret")))).toEqual({
      kind: "rejected",
      reason: "signed_request signature does not match",
    });
    expect(handleMetaWebhook(options, form(signed({ ...payload, algorithm: "none" })))).toEqual({
      kind: "rejected",
      reason: "signed_request uses an unknown algorithm",
    });
  });
});
