import { db } from "@cadence/core/db/service";
import { DateTime } from "luxon";
import { Resource } from "sst";
import { beforeAll, describe, expect, it } from "vitest";
import { call, team } from "../support/api.ts";
import {
  authorizeOnNetwork,
  connectThroughApi,
  followCallback,
  networksUrl,
  siteReturn,
  startConnection,
  storedTokens,
  unique,
  xTokenWorks,
} from "../support/connecting.ts";
import { schedulesFor } from "../support/scheduler.ts";

type Account = {
  id: string;
  handle: string;
  status: string;
  statusReason: string | null;
  kind: string;
};
let ws: Awaited<ReturnType<typeof team>>;

const accounts = async () =>
  (
    await call<{ items: Account[] }>("GET", `/workspaces/${ws.workspaceId}/accounts`, {
      token: ws.owner.accessToken,
    })
  ).body.items;

beforeAll(async () => {
  ws = await team("connect");
}, 120_000);

describe("connecting X with OAuth 2.0", () => {
  it("sends the browser to X with PKCE and a state, and back to the site with the new account", async () => {
    const handle = unique("ada");
    const started = await startConnection(ws.admin, ws.workspaceId, { network: "x" });
    expect(started.status, started.text).toBe(201);
    const url = new URL(started.body.authorizationUrl ?? "");
    expect(url.origin).toBe(networksUrl());
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    // `<stage>.<attempt>.<random>`: the stage for the preview stages' OAuth relay.
    expect(url.searchParams.get("state")).toMatch(
      new RegExp(`^${Resource.App.stage}\\.${started.body.attemptId}\\.`),
    );
    expect(url.searchParams.get("redirect_uri")).toMatch(/\/connect\/x\/callback$/);

    const back = await authorizeOnNetwork(url.href, handle);
    const { response, outcome } = await followCallback(back);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")?.startsWith(siteReturn())).toBe(true);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const accountId = outcome.get("connected") ?? "";
    expect(accountId).toMatch(/^acc_/);

    const account = (await accounts()).find((a) => a.id === accountId);
    expect(account).toMatchObject({ handle, status: "active", kind: "profile" });
    const tokens = await storedTokens(ws.workspaceId, accountId);
    expect(tokens.refreshToken).toBeTruthy();
    expect(await xTokenWorks(tokens.accessToken)).toBe(true);

    // The same answer from X, replayed, connects nothing: the attempt was used.
    const replay = await followCallback(back);
    expect(replay.response.status).toBe(400);
    expect(replay.response.body.code).toBe("attempt_expired");
  });

  it("comes back with error=cancelled when the person presses Cancel on X", async () => {
    const started = await startConnection(ws.admin, ws.workspaceId, { network: "x" });
    const before = (await accounts()).length;
    const back = await authorizeOnNetwork(started.body.authorizationUrl ?? "", unique("nope"), {
      decision: "deny",
    });
    const { outcome } = await followCallback(back);
    expect(outcome.get("error")).toBe("cancelled");
    expect(await accounts()).toHaveLength(before);
  });

  it("refuses a state Cadence did not issue, without connecting anything", async () => {
    const started = await startConnection(ws.admin, ws.workspaceId, { network: "x" });
    const back = await authorizeOnNetwork(started.body.authorizationUrl ?? "", unique("eve"));
    const forged = new URL(back);
    forged.searchParams.set("state", `${started.body.attemptId}.${"A".repeat(43)}`);
    const refused = await followCallback(forged);
    // Without a verified state there is no return address to trust: a problem document.
    expect(refused.response.status).toBe(400);
    expect(refused.response.body.code).toBe("state_mismatch");
    // The real answer still completes: the forged one did not use the attempt up.
    expect((await followCallback(back)).outcome.get("connected")).toMatch(/^acc_/);
  });

  it("lets only admins and owners connect, and only back to the site", async () => {
    const editor = await startConnection(ws.editor, ws.workspaceId, { network: "x" });
    expect(editor.status).toBe(403);
    const offSite = await startConnection(ws.admin, ws.workspaceId, {
      network: "x",
      returnTo: "https://evil.example/steal",
    });
    expect(offSite.status).toBe(400);
    expect(offSite.body).toMatchObject({ code: "link_not_allowed", field: "returnTo" });
  });
});

describe("connecting Mastodon and Bluesky", () => {
  it("connects Mastodon on the server typed in, registering Cadence on that server once", async () => {
    const server = `${networksUrl()}/mastodon`;
    const missing = await startConnection(ws.admin, ws.workspaceId, { network: "mastodon" });
    expect(missing.body).toMatchObject({ code: "server_required", field: "server" });

    const first = await connectThroughApi(ws.admin, ws.workspaceId, "mastodon", unique("m1"), {
      server,
    });
    const registered = (await db().entities.serverApp.get({ network: "mastodon", server }).go())
      .data;
    expect(registered?.clientId).toBeTruthy();
    expect(JSON.stringify(registered)).not.toContain("client_secret");
    await connectThroughApi(ws.admin, ws.workspaceId, "mastodon", unique("m2"), { server });
    const again = (await db().entities.serverApp.get({ network: "mastodon", server }).go()).data;
    expect(again?.clientId).toBe(registered?.clientId);

    const account = (await accounts()).find((a) => a.id === first);
    expect(account?.handle).toMatch(/^@m1-.+@127\.0\.0\.1:\d+$/);
    expect((await storedTokens(ws.workspaceId, first)).context?.server).toBe(server);
  });

  it("connects Bluesky with an app password, keeping only the session it opens", async () => {
    const handle = `${unique("bsky")}.test`;
    const connected = await startConnection(ws.admin, ws.workspaceId, {
      network: "bluesky",
      identifier: handle,
      appPassword: "abcd-efgh-ijkl-mnop",
    });
    expect(connected.status, connected.text).toBe(201);
    expect(connected.body.account).toMatchObject({ handle, status: "active" });
    const tokens = await storedTokens(ws.workspaceId, connected.body.account?.id ?? "");
    expect(tokens.refreshToken).toBeTruthy();
    expect(JSON.stringify(tokens)).not.toContain("abcd-efgh-ijkl-mnop");

    const wrong = await startConnection(ws.admin, ws.workspaceId, {
      network: "bluesky",
      identifier: handle,
      appPassword: "wrong-wrong-wrong",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("network_refused");
    const incomplete = await startConnection(ws.admin, ws.workspaceId, {
      network: "bluesky",
      identifier: handle,
    });
    expect(incomplete.body).toMatchObject({ code: "app_password_required", field: "appPassword" });
  });
});

describe("a login with pages to pick (Facebook)", () => {
  it("holds the login until the person picks, then connects each Page with its own token", async () => {
    const handle = unique("fbuser");
    const started = await startConnection(ws.admin, ws.workspaceId, { network: "facebook" });
    expect(started.status, started.text).toBe(201);
    const back = await authorizeOnNetwork(started.body.authorizationUrl ?? "", handle);
    const { outcome } = await followCallback(back);
    expect(outcome.get("pick")).toBe("1");
    const attemptId = outcome.get("attempt") ?? "";
    expect(attemptId).toBe(started.body.attemptId);

    const pending = await call<{
      status: string;
      profile: { handle: string };
      subAccounts: { externalId: string; kind: string; name: string }[];
    }>("GET", `/workspaces/${ws.workspaceId}/connections/${attemptId}`, {
      token: ws.admin.accessToken,
    });
    expect(pending.status).toBe(200);
    expect(pending.body.status).toBe("picking");
    expect(pending.body.subAccounts).toHaveLength(2);
    expect(pending.body.subAccounts.every((s) => s.kind === "page")).toBe(true);
    expect(pending.text).not.toMatch(/token/i);

    const picked = await call<{ items: Account[] }>(
      "POST",
      `/workspaces/${ws.workspaceId}/connections/${attemptId}/accounts`,
      {
        token: ws.admin.accessToken,
        body: { externalIds: pending.body.subAccounts.map((s) => s.externalId) },
      },
    );
    expect(picked.status, picked.text).toBe(201);
    expect(picked.body.items.map((a) => a.kind)).toEqual(["page", "page"]);
    const [news, shop] = await Promise.all(
      picked.body.items.map((a) => storedTokens(ws.workspaceId, a.id)),
    );
    expect(news?.accessToken).toBeTruthy();
    expect(news?.accessToken).not.toBe(shop?.accessToken);
    expect(news?.context?.pageId).toBe(pending.body.subAccounts[0]?.externalId);

    const gone = await call("GET", `/workspaces/${ws.workspaceId}/connections/${attemptId}`, {
      token: ws.admin.accessToken,
    });
    expect(gone.status).toBe(404);
  });
});

describe("reconnecting and disconnecting", () => {
  it("reconnects in place: same id, posts and slots, and the refresh token kept when X sends none", async () => {
    const handle = unique("grace");
    const weekly = Object.fromEntries(
      ["1", "2", "3", "4", "5", "6", "7"].map((day) => [day, day === "1" ? ["09:00"] : []]),
    );
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", handle);
    const before = await storedTokens(ws.workspaceId, accountId);
    const slots = await call("PUT", `/workspaces/${ws.workspaceId}/accounts/${accountId}/slots`, {
      token: ws.owner.accessToken,
      body: { timeZone: "UTC", slots: weekly },
    });
    expect(slots.status, slots.text).toBe(200);
    const post = await call<{ id: string }>("POST", `/workspaces/${ws.workspaceId}/posts`, {
      token: ws.owner.accessToken,
      body: { text: "Before the reconnect", targets: [{ accountId }] },
    });

    const started = await call<{ authorizationUrl: string }>(
      "POST",
      `/workspaces/${ws.workspaceId}/accounts/${accountId}/reconnect`,
      { token: ws.admin.accessToken, body: { returnTo: siteReturn() } },
    );
    expect(started.status, started.text).toBe(200);
    // The person unticks offline access: X answers without a refresh token.
    const back = await authorizeOnNetwork(started.body.authorizationUrl, handle, {
      dropScopes: ["offline.access"],
    });
    expect((await followCallback(back)).outcome.get("connected")).toBe(accountId);

    const after = await storedTokens(ws.workspaceId, accountId);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    const account = (await accounts()).find((a) => a.id === accountId) as unknown as {
      slots: Record<string, string[]>;
    };
    expect(account.slots).toEqual(weekly);
    const kept = await call("GET", `/workspaces/${ws.workspaceId}/posts/${post.body.id}`, {
      token: ws.owner.accessToken,
    });
    expect(kept.status).toBe(200);
  });

  it("refuses a reconnect that comes back as someone else", async () => {
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", unique("lin"));
    const started = await call<{ authorizationUrl: string }>(
      "POST",
      `/workspaces/${ws.workspaceId}/accounts/${accountId}/reconnect`,
      { token: ws.admin.accessToken, body: { returnTo: siteReturn() } },
    );
    const back = await authorizeOnNetwork(started.body.authorizationUrl, unique("other"));
    expect((await followCallback(back)).outcome.get("error")).toBe("wrong_account");
  });

  it("disconnect lists the posts it will hold, holds them without a schedule, and reconnecting schedules them again at their time", async () => {
    const handle = unique("hedy");
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", handle);
    const tokens = await storedTokens(ws.workspaceId, accountId);
    const at = DateTime.utc().plus({ days: 3 }).toFormat("yyyy-MM-dd'T'10:00");
    const post = await call<{
      id: string;
      targets: { id: string; state: string; dueAt: string }[];
    }>("POST", `/workspaces/${ws.workspaceId}/posts`, {
      token: ws.owner.accessToken,
      body: {
        text: "Scheduled, then disconnected",
        targets: [{ accountId }],
        schedule: { mode: "at", at, timeZone: "UTC" },
      },
    });
    const target = post.body.targets[0];
    expect(target?.state).toBe("scheduled");
    expect(await schedulesFor(target?.id ?? "")).toEqual([`${target?.id}-v1`]);

    const preview = await call<{ held: { postId: string; dueAt: string; text: string }[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/accounts/${accountId}/disconnect-preview`,
      { token: ws.admin.accessToken },
    );
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.held).toEqual([
      expect.objectContaining({
        postId: post.body.id,
        dueAt: target?.dueAt,
        text: "Scheduled, then disconnected",
      }),
    ]);
    const editorPreview = await call(
      "GET",
      `/workspaces/${ws.workspaceId}/accounts/${accountId}/disconnect-preview`,
      { token: ws.editor.accessToken },
    );
    expect(editorPreview.status).toBe(403);

    const removed = await call("DELETE", `/workspaces/${ws.workspaceId}/accounts/${accountId}`, {
      token: ws.admin.accessToken,
    });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.status).toBe("disconnected");
    expect(await xTokenWorks(tokens.accessToken)).toBe(false);
    await expect(storedTokens(ws.workspaceId, accountId)).rejects.toThrow(/no stored sign-in/);
    expect((await accounts()).find((a) => a.id === accountId)?.status).toBe("disconnected");

    type Post = {
      status: string;
      targets: { state: string; dueAt: string; error: { code: string } | null }[];
    };
    const readPost = async () =>
      (
        await call<Post>("GET", `/workspaces/${ws.workspaceId}/posts/${post.body.id}`, {
          token: ws.owner.accessToken,
        })
      ).body;
    const held = await readPost();
    expect(held.status).toBe("held");
    expect(held.targets[0]).toMatchObject({
      state: "held",
      dueAt: target?.dueAt,
      error: { code: "account_disconnected" },
    });
    // Nothing fires while it is held: the schedule of its version is gone.
    expect(await schedulesFor(target?.id ?? "")).toEqual([]);
    // A second disconnect holds nothing more and lists nothing.
    const again = await call<{ held: unknown[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/accounts/${accountId}/disconnect-preview`,
      { token: ws.admin.accessToken },
    );
    expect(again.body.held).toEqual([]);

    const started = await call<{ authorizationUrl: string }>(
      "POST",
      `/workspaces/${ws.workspaceId}/accounts/${accountId}/reconnect`,
      { token: ws.admin.accessToken, body: { returnTo: siteReturn() } },
    );
    expect(started.status, started.text).toBe(200);
    const back = await authorizeOnNetwork(started.body.authorizationUrl, handle);
    expect((await followCallback(back)).outcome.get("connected")).toBe(accountId);

    const restored = await readPost();
    expect(restored.status).toBe("scheduled");
    expect(restored.targets[0]).toMatchObject({
      state: "scheduled",
      dueAt: target?.dueAt,
      error: null,
    });
    // Held bumped the version to 2, release to 3: one live schedule, for the new version.
    expect(await schedulesFor(target?.id ?? "")).toEqual([`${target?.id}-v3`]);
  });

  it("deletes an account that was never used", async () => {
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "mastodon", unique("tmp"), {
      server: `${networksUrl()}/mastodon`,
    });
    const removed = await call("DELETE", `/workspaces/${ws.workspaceId}/accounts/${accountId}`, {
      token: ws.owner.accessToken,
    });
    expect(removed.body.status).toBe("deleted");
    expect((await accounts()).some((a) => a.id === accountId)).toBe(false);
    const editor = await call("DELETE", `/workspaces/${ws.workspaceId}/accounts/${accountId}`, {
      token: ws.editor.accessToken,
    });
    expect(editor.status).toBe(403);
  });
});
