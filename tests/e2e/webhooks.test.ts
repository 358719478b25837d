import { createHmac } from "node:crypto";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { dynamo } from "@cadence/core/db/client";
import { Webhook } from "@cadence/core/webhook";
import { facebookSandboxApp } from "@cadence/local/sandbox/facebook/oauth";
import { xSandboxApp } from "@cadence/local/sandbox/x/oauth";
import { beforeAll, describe, expect, it } from "vitest";
import { call, team } from "../support/api.ts";
import {
  authorizeOnNetwork,
  connectThroughApi,
  followCallback,
  sandboxFault,
  startConnection,
  storedTokens,
  unique,
} from "../support/connecting.ts";

let ws: Awaited<ReturnType<typeof team>>;

beforeAll(async () => {
  ws = await team("webhooks");
}, 120_000);

const xSigned = (body: string) =>
  `sha256=${createHmac("sha256", xSandboxApp.consumerSecret).update(body).digest("base64")}`;

function postX(body: string, signature = xSigned(body)) {
  return call("POST", "/webhooks/x", {
    raw: body,
    headers: { "content-type": "application/json", "x-twitter-webhooks-signature": signature },
  });
}

/** Every raw item in the table that mentions `text`. */
async function itemsMentioning(text: string): Promise<number> {
  const table = JSON.parse(process.env.SST_RESOURCE_Table ?? "{}").name as string;
  let found = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start as never }),
    );
    found += (page.Items ?? []).filter((item) => JSON.stringify(item).includes(text)).length;
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

const accountOf = async (accountId: string) =>
  (
    await call<{ items: { id: string; status: string; statusReason: string | null }[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/accounts`,
      { token: ws.owner.accessToken },
    )
  ).body.items.find((a) => a.id === accountId);

describe("X webhooks", () => {
  it("answers the CRC check with the HMAC of the token", async () => {
    const answer = await call("GET", "/webhooks/x?crc_token=challenge-123");
    expect(answer.status).toBe(200);
    expect(answer.body.response_token).toBe(xSigned("challenge-123"));
  });

  it("stores a correctly signed delivery", async () => {
    const marker = unique("delivery");
    const body = JSON.stringify({
      for_user_id: "2244994945",
      tweet_delete_events: [{ status: { id: marker, user_id: "2244994945" } }],
    });
    const answer = await postX(body);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ received: 1 });
    const today = new Date().toISOString().slice(0, 10);
    const stored = (await Webhook.ofDay("x", today)).find((e) => e.postExternalId === marker);
    expect(stored).toMatchObject({ type: "post_deleted", accountExternalId: "2244994945" });
    expect(stored?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const marker = unique("forged");
    const body = JSON.stringify({
      for_user_id: "1",
      tweet_delete_events: [{ status: { id: marker } }],
    });
    const answer = await postX(body, xSigned(`${body} `));
    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(answer.body.code).toBe("webhook_signature_invalid");
    const unsigned = await call("POST", "/webhooks/x", { raw: body });
    expect(unsigned.status).toBe(401);
    expect(await itemsMentioning(marker)).toBe(0);
  });

  it("disconnects the account when its owner removes Cadence on X", async () => {
    const handle = unique("leaver");
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", handle);
    const { context } = await storedTokens(ws.workspaceId, accountId);
    // The person removed the app on X: X refuses its tokens from now on, which is how Cadence
    // confirms the event before disconnecting.
    await sandboxFault({ network: "x", kind: "revoked", account: handle });
    const body = JSON.stringify({
      for_user_id: context?.userId,
      user_event: {
        revoke: {
          date_time: new Date().toISOString(),
          target: { app_id: "13090192" },
          source: { user_id: context?.userId },
        },
      },
    });
    expect((await postX(body)).status).toBe(200);
    const account = await accountOf(accountId);
    expect(account?.status).toBe("disconnected");
    expect(account?.statusReason).toMatch(/access was removed on X\. Reconnect/);
    await expect(storedTokens(ws.workspaceId, accountId)).rejects.toThrow(/no stored sign-in/);
  });

  it("has no webhook address for networks without webhooks or unknown ones", async () => {
    for (const path of ["/webhooks/mastodon", "/webhooks/myspace"]) {
      const answer = await call("POST", path, { raw: "{}" });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe("webhook_not_found");
    }
  });
});

describe("Facebook webhooks", () => {
  it("answers Meta's subscription check only with the verify token", async () => {
    const query = (token: string) =>
      `/webhooks/facebook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`;
    const good = await call("GET", query(facebookSandboxApp.verifyToken));
    expect(good.status).toBe(200);
    expect(good.text).toBe("1158201444");
    expect((await call("GET", query("guess"))).status).toBe(401);
  });

  it("disconnects every Page picked through a login when that person deauthorizes Cadence", async () => {
    const started = await startConnection(ws.admin, ws.workspaceId, { network: "facebook" });
    const back = await authorizeOnNetwork(started.body.authorizationUrl ?? "", unique("metauser"));
    const attemptId = (await followCallback(back)).outcome.get("attempt") ?? "";
    const pending = await call<{
      profile: { externalId: string };
      subAccounts: { externalId: string }[];
    }>("GET", `/workspaces/${ws.workspaceId}/connections/${attemptId}`, {
      token: ws.admin.accessToken,
    });
    const picked = await call<{ items: { id: string }[] }>(
      "POST",
      `/workspaces/${ws.workspaceId}/connections/${attemptId}/accounts`,
      {
        token: ws.admin.accessToken,
        body: { externalIds: pending.body.subAccounts.map((s) => s.externalId) },
      },
    );
    expect(picked.body.items).toHaveLength(2);

    const payload = Buffer.from(
      JSON.stringify({
        algorithm: "HMAC-SHA256",
        user_id: pending.body.profile.externalId,
        issued_at: Math.floor(Date.now() / 1000),
      }),
    ).toString("base64url");
    const signature = createHmac("sha256", facebookSandboxApp.clientSecret)
      .update(payload)
      .digest("base64url");
    const answer = await call("POST", "/webhooks/facebook", {
      raw: new URLSearchParams({ signed_request: `${signature}.${payload}` }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status, answer.text).toBe(200);
    for (const page of picked.body.items) {
      expect((await accountOf(page.id))?.status).toBe("disconnected");
    }
  });
});
