import { createHmac } from "node:crypto";
import { facebookSandboxApp } from "@cadence/local/sandbox/facebook/oauth";
import { xSandboxApp } from "@cadence/local/sandbox/x/oauth";
import { beforeAll, describe, expect, it } from "vitest";
import { call, team } from "../support/api.ts";
import { connectThroughApi, sandboxFault, storedTokens, unique } from "../support/connecting.ts";

// The webhook routes take no bearer token: an attacker can reach them. These try to disconnect
// someone else's account, or get an event counted twice.

let ws: Awaited<ReturnType<typeof team>>;
beforeAll(async () => {
  ws = await team("hooks");
}, 120_000);

const xSigned = (body: string) =>
  `sha256=${createHmac("sha256", xSandboxApp.consumerSecret).update(body).digest("base64")}`;
const postX = (body: string, signature = xSigned(body)) =>
  call<{ received: number; duplicates: number; stale: number }>("POST", "/webhooks/x", {
    raw: body,
    headers: { "content-type": "application/json", "x-twitter-webhooks-signature": signature },
  });
const statusOf = async (accountId: string) =>
  (
    await call<{ items: { id: string; status: string }[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/accounts`,
      { token: ws.owner.accessToken },
    )
  ).body.items.find((account) => account.id === accountId)?.status;

function revokeBody(userId: string | undefined, at = new Date()) {
  return JSON.stringify({
    for_user_id: userId,
    user_event: {
      revoke: {
        date_time: at.toISOString(),
        target: { app_id: "13090192" },
        source: { user_id: userId },
      },
    },
  });
}

describe("X webhooks", () => {
  it("the CRC check does not sign a delivery-shaped body (the signing-oracle forgery)", async () => {
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", unique("victim"));
    const { context } = await storedTokens(ws.workspaceId, accountId);
    const forged = revokeBody(context?.userId);
    const oracle = await call<{ response_token?: string }>(
      "GET",
      `/webhooks/x?crc_token=${encodeURIComponent(forged)}`,
    );
    expect(oracle.status).toBe(401);
    expect(oracle.body.response_token).toBeUndefined();
    // A token of X's shape is answered, but its signature signs nothing else.
    const crc = await call<{ response_token: string }>(
      "GET",
      "/webhooks/x?crc_token=Q2hhbGxlbmdlMTIz",
    );
    expect(crc.status).toBe(200);
    const delivery = await postX(forged, crc.body.response_token);
    expect(delivery.status).toBe(401);
    expect(await statusOf(accountId)).toBe("active");
  });

  it("a correctly signed revoke the network does not confirm disconnects nothing", async () => {
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", unique("alive"));
    const { context } = await storedTokens(ws.workspaceId, accountId);
    const answer = await postX(revokeBody(context?.userId));
    expect(answer.status).toBe(200);
    // X still accepts the account's token: the revoke is not real.
    expect(await statusOf(accountId)).toBe("active");
  });

  it("a revoke from outside the time window is refused, even when real", async () => {
    const handle = unique("late");
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", handle);
    const { context } = await storedTokens(ws.workspaceId, accountId);
    await sandboxFault({ network: "x", kind: "revoked", account: handle });
    const old = await postX(revokeBody(context?.userId, new Date(Date.now() - 3_600_000)));
    expect(old.body).toMatchObject({ received: 0, stale: 1 });
    expect(await statusOf(accountId)).toBe("active");
  });

  it("a replayed delivery is counted once", async () => {
    const body = JSON.stringify({
      for_user_id: "2244994945",
      tweet_create_events: [
        {
          id_str: unique("1"),
          timestamp_ms: String(Date.now()),
          user: { id_str: "999" },
          in_reply_to_status_id_str: "123",
        },
      ],
    });
    const first = await postX(body);
    const again = await postX(body);
    expect(first.body).toMatchObject({ received: 1, duplicates: 0 });
    expect(again.body).toMatchObject({ received: 0, duplicates: 1 });
  });

  it("forty concurrent replays of a delivery are counted once, with no 5xx", async () => {
    const body = JSON.stringify({
      for_user_id: "2244994945",
      tweet_delete_events: [
        { status: { id: unique("del"), user_id: "2244994945" }, timestamp_ms: String(Date.now()) },
      ],
    });
    const answers = await Promise.all(Array.from({ length: 40 }, () => postX(body)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.reduce((sum, answer) => sum + answer.body.received, 0)).toBe(1);
  });
});

describe("Meta webhooks", () => {
  function signedRequest(data: Record<string, unknown>) {
    const payload = Buffer.from(JSON.stringify(data)).toString("base64url");
    const signature = createHmac("sha256", facebookSandboxApp.clientSecret)
      .update(payload)
      .digest("base64url");
    return new URLSearchParams({ signed_request: `${signature}.${payload}` }).toString();
  }
  const postMeta = (raw: string, headers: Record<string, string>) =>
    call<{ received: number; duplicates: number; stale: number }>("POST", "/webhooks/facebook", {
      raw,
      headers,
    });

  it("an old deauthorize signed_request (a replay) is refused", async () => {
    const answer = await postMeta(
      signedRequest({
        algorithm: "HMAC-SHA256",
        user_id: "10158",
        issued_at: Math.floor(Date.now() / 1000) - 86_400,
      }),
      { "content-type": "application/x-www-form-urlencoded" },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: 0, stale: 1 });
  });

  it("a change delivery replayed is counted once, and one outside the window not at all", async () => {
    const body = (time: number) =>
      JSON.stringify({
        object: "page",
        entry: [
          {
            id: unique("page"),
            time,
            changes: [{ field: "feed", value: { item: "comment", verb: "add", post_id: "1_2" } }],
          },
        ],
      });
    const signed = (raw: string) => ({
      "content-type": "application/json",
      "x-hub-signature-256": `sha256=${createHmac("sha256", facebookSandboxApp.clientSecret).update(raw).digest("hex")}`,
    });
    const fresh = body(Math.floor(Date.now() / 1000));
    expect((await postMeta(fresh, signed(fresh))).body).toMatchObject({ received: 1 });
    expect((await postMeta(fresh, signed(fresh))).body).toMatchObject({ duplicates: 1 });
    const ancient = body(Math.floor(Date.now() / 1000) - 7 * 86_400);
    expect((await postMeta(ancient, signed(ancient))).body).toMatchObject({ stale: 1 });
  });
});
