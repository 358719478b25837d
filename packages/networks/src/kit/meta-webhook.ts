import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookEvent, WebhookOutcome, WebhookRequest } from "../types.ts";
import { asRecord, stringOf } from "./json.ts";

/** One `entry` of a Meta webhook delivery: the object's id, and its changes or messages. */
export interface MetaEntry {
  id?: string;
  time?: number;
  changes: { field: string; value: Record<string, unknown> }[];
  raw: unknown;
}

export interface MetaWebhookOptions {
  /** The app secret Meta signs deliveries and signed requests with. */
  appSecret: string | undefined;
  /** The token typed into the app dashboard's webhook settings, echoed in the GET check. */
  verifyToken: string | undefined;
  /** The network's own reading of a delivery's entries (`object` is "page", "instagram", …). */
  events(object: string, entries: MetaEntry[]): WebhookEvent[];
}

/** `sha256=` + hex(HMAC-SHA256(app secret, raw body)): Meta's `X-Hub-Signature-256`. */
export function metaSignature(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

/**
 * Meta's webhooks, the same for Facebook, Instagram and Threads
 * (developers.facebook.com/docs/graph-api/webhooks/getting-started):
 * - GET with hub.mode=subscribe and hub.verify_token: answer hub.challenge when the token is ours.
 * - POST JSON `{object, entry: [{id, time, changes: [{field, value}]}]}` signed in
 *   `X-Hub-Signature-256` over the raw body.
 * - POST form `signed_request=<signature>.<payload>` to the deauthorize callback when a person
 *   removes the app: base64url(HMAC-SHA256(app secret, payload)), payload `{algorithm, user_id,
 *   issued_at}`. That is a `deauthorized` event for the user.
 */
export function handleMetaWebhook(
  options: MetaWebhookOptions,
  request: WebhookRequest,
): WebhookOutcome {
  if (request.method.toUpperCase() === "GET") {
    const { query } = request;
    if (!options.verifyToken) return { kind: "rejected", reason: "no webhook verify token is set" };
    if (query["hub.mode"] !== "subscribe" || !query["hub.challenge"]) {
      return { kind: "rejected", reason: "not a subscription check" };
    }
    if (!sameText(query["hub.verify_token"] ?? "", options.verifyToken)) {
      return { kind: "rejected", reason: "verify token does not match" };
    }
    return {
      kind: "challenge",
      status: 200,
      contentType: "text/plain",
      body: query["hub.challenge"],
    };
  }
  if (!options.appSecret) return { kind: "rejected", reason: "no app secret is configured" };
  const signedRequest = new URLSearchParams(request.rawBody).get("signed_request");
  if (/form-urlencoded/i.test(header(request, "content-type") ?? "") && signedRequest) {
    return deauthorization(options.appSecret, signedRequest);
  }
  const signature = header(request, "x-hub-signature-256");
  if (!signature || !sameText(signature, metaSignature(options.appSecret, request.rawBody))) {
    return { kind: "rejected", reason: "signature does not match" };
  }
  let payload: Record<string, unknown>;
  try {
    payload = asRecord(JSON.parse(request.rawBody));
  } catch {
    return { kind: "rejected", reason: "body is not JSON" };
  }
  const entries = (Array.isArray(payload.entry) ? payload.entry : []).map((raw): MetaEntry => {
    const entry = asRecord(raw);
    const changes = (Array.isArray(entry.changes) ? entry.changes : []).map((change) => ({
      field: stringOf(asRecord(change).field) ?? "",
      value: asRecord(asRecord(change).value),
    }));
    return {
      id: stringOf(entry.id),
      time: typeof entry.time === "number" ? entry.time : undefined,
      changes,
      raw,
    };
  });
  // Each entry's events carry its time (Meta sends epoch seconds) and an id made of the entry's
  // object, time and position, so a replayed delivery is recognised.
  const object = stringOf(payload.object) ?? "";
  const events = entries.flatMap((entry) =>
    options.events(object, [entry]).map((event, index) => ({
      ...event,
      ...(entry.time === undefined
        ? {}
        : {
            occurredAt: entry.time > 1e12 ? entry.time : entry.time * 1000,
            id: `${object}:${entry.id ?? ""}:${entry.time}:${event.type}:${index}`,
          }),
    })),
  );
  return {
    kind: "events",
    events: events.length > 0 ? events : [{ type: "other", raw: payload }],
  };
}

function deauthorization(appSecret: string, signedRequest: string): WebhookOutcome {
  const [signature = "", payload = ""] = signedRequest.split(".", 2);
  const expected = createHmac("sha256", appSecret).update(payload).digest("base64url");
  if (!sameText(signature.replace(/=+$/, ""), expected)) {
    return { kind: "rejected", reason: "signed_request signature does not match" };
  }
  let data: Record<string, unknown>;
  try {
    data = asRecord(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    return { kind: "rejected", reason: "signed_request payload is not JSON" };
  }
  if (String(data.algorithm).toUpperCase() !== "HMAC-SHA256") {
    return { kind: "rejected", reason: "signed_request uses an unknown algorithm" };
  }
  const userId = data.user_id === undefined ? undefined : String(data.user_id);
  const issuedAt = Number(data.issued_at);
  return {
    kind: "events",
    events: [
      {
        type: "deauthorized",
        accountExternalId: userId,
        // Meta signed this payload with its time in it: fresh, it is its own proof.
        proof: "signed_payload",
        ...(Number.isFinite(issuedAt) ? { occurredAt: issuedAt * 1000 } : {}),
        raw: data,
      },
    ],
  };
}

function header(request: WebhookRequest, name: string): string | undefined {
  return Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
