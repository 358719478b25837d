import { withActor } from "@cadence/core/actor";
import { Credential } from "@cadence/core/credential";
import { db } from "@cadence/core/db/service";
import { adapterFor } from "@cadence/core/network";
import { handler } from "@cadence/functions/cron/refresh-tokens";
import { NetworkError } from "@cadence/networks";
import { DateTime } from "luxon";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { call, team } from "../support/api.ts";
import {
  connectThroughApi,
  sandboxFault,
  storedTokens,
  unique,
  xTokenWorks,
} from "../support/connecting.ts";

let ws: Awaited<ReturnType<typeof team>>;

beforeAll(async () => {
  ws = await team("refresh");
}, 120_000);
afterEach(() => {
  vi.restoreAllMocks();
});

/** As if the access token ran out in a few minutes: the refresh index now lists it as due. */
async function expireSoon(accountId: string): Promise<void> {
  const item = (await db().entities.credential.get({ workspaceId: ws.workspaceId, accountId }).go())
    .data;
  if (!item) throw new Error("no credential");
  await db()
    .entities.credential.patch({ workspaceId: ws.workspaceId, accountId })
    .set({
      expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
      refreshAt: new Date(Date.now() - 60_000).toISOString(),
      refreshShard: item.refreshShard,
    })
    .go();
}

const credential = async (accountId: string) =>
  (await db().entities.credential.get({ workspaceId: ws.workspaceId, accountId }).go()).data;

const asSystem = <T>(work: () => Promise<T>) =>
  withActor({ type: "system", job: "test", workspace: { workspaceId: ws.workspaceId } }, work);

describe("the token refresh cron", () => {
  it("renews a credential that is about to expire, rotating X's refresh token", async () => {
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", unique("ren"));
    const before = await storedTokens(ws.workspaceId, accountId);
    await expireSoon(accountId);

    const result = await handler();
    expect(result.refreshed).toBeGreaterThanOrEqual(1);

    const after = await storedTokens(ws.workspaceId, accountId);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await xTokenWorks(after.accessToken)).toBe(true);
    const item = await credential(accountId);
    expect(item?.refreshFailures).toBe(0);
    expect(Date.parse(item?.refreshAt ?? "")).toBeGreaterThan(Date.now() + 60 * 60_000);
    // X rotates refresh tokens: the old one is spent.
    const adapter = adapterFor("x");
    await expect(adapter.connect.refresh?.(before)).rejects.toBeInstanceOf(NetworkError);
  });

  it("lets two concurrent refreshes make one rotation at X, and both callers get working tokens", async () => {
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", unique("race"));
    const { item, tokens } = await asSystem(() => Credential.read(ws.workspaceId, accountId));
    const tokenCalls: string[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith("/x/2/oauth2/token")) tokenCalls.push(url);
      return realFetch(input, init);
    });

    const [first, second] = await asSystem(() =>
      Promise.all([
        Credential.refresh(ws.workspaceId, accountId, item, tokens),
        Credential.refresh(ws.workspaceId, accountId, item, tokens),
      ]),
    );
    expect(tokenCalls).toHaveLength(1);
    expect(first.accessToken).toBe(second.accessToken);
    expect(first.refreshToken).toBe(second.refreshToken);
    expect(await xTokenWorks(first.accessToken)).toBe(true);
    expect((await storedTokens(ws.workspaceId, accountId)).accessToken).toBe(first.accessToken);
  });

  it("backs off after a failed refresh", async () => {
    const handle = unique("flaky");
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", handle);
    await expireSoon(accountId);
    await sandboxFault({
      network: "x",
      account: handle,
      kind: "5xx",
      path: "/2/oauth2/token",
      count: 1,
    });
    const started = Date.now();
    await handler();
    const item = await credential(accountId);
    expect(item?.refreshFailures).toBe(1);
    const retryIn = Date.parse(item?.refreshAt ?? "") - started;
    expect(retryIn).toBeGreaterThanOrEqual(5 * 60_000 - 1_000);
    expect(retryIn).toBeLessThan(6 * 60_000);
    const account = await accountOf(accountId);
    expect(account?.status).toBe("active");
  });

  it("marks a revoked account reconnect_needed with X's reason, and fails what was due on it", async () => {
    const handle = unique("gone");
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", handle);
    // Due in eight minutes: within the margin, before a person could reconnect.
    const at = DateTime.utc().plus({ minutes: 8 }).toFormat("yyyy-MM-dd'T'HH:mm");
    const post = await call<{ id: string; targets: { id: string; state: string }[] }>(
      "POST",
      `/workspaces/${ws.workspaceId}/posts`,
      {
        token: ws.owner.accessToken,
        body: {
          text: "Due soon",
          targets: [{ accountId }],
          schedule: { mode: "at", at, timeZone: "UTC" },
        },
      },
    );
    expect(post.body.targets[0]?.state).toBe("scheduled");
    await sandboxFault({ network: "x", account: handle, kind: "revoked" });
    await expireSoon(accountId);

    const result = await handler();
    expect(result.reconnectNeeded).toBeGreaterThanOrEqual(1);

    const account = await accountOf(accountId);
    expect(account?.status).toBe("reconnect_needed");
    expect(account?.statusReason).toBe(
      "X says Cadence's access was revoked or has expired. Reconnect the account.",
    );
    const after = await call<{
      targets: { state: string; error: { code: string; message: string } | null }[];
    }>("GET", `/workspaces/${ws.workspaceId}/posts/${post.body.id}`, {
      token: ws.owner.accessToken,
    });
    expect(after.body.targets[0]).toMatchObject({
      state: "failed",
      error: { code: "reconnect_needed", message: account?.statusReason },
    });
    // It is not tried again every ten minutes: a reconnect stores new tokens.
    expect((await credential(accountId))?.refreshAt).toBe("");
  });
});

async function accountOf(accountId: string) {
  const list = await call<{ items: { id: string; status: string; statusReason: string | null }[] }>(
    "GET",
    `/workspaces/${ws.workspaceId}/accounts`,
    { token: ws.owner.accessToken },
  );
  return list.body.items.find((a) => a.id === accountId);
}
