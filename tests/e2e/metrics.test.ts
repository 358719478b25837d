import { Analytics } from "@cadence/core/analytics";
import { Publish } from "@cadence/core/publish";
import { beforeAll, describe, expect, it } from "vitest";
import { call, team } from "../support/api.ts";
import { connectThroughApi, networksUrl, unique } from "../support/connecting.ts";

type Figures = Record<string, number>;
type Metrics = { items: { targetId: string; network: string; metrics: Figures }[] };
type Post = { id: string; targets: { id: string; state: string; version: number }[] };

let ws: Awaited<ReturnType<typeof team>>;

beforeAll(async () => {
  ws = await team("metrics");
}, 120_000);

/** Ages one X account's posts on the shared sandbox, as if its clock had moved on. */
async function agePosts(handle: string, seconds: number): Promise<void> {
  const response = await fetch(`${networksUrl()}/_sandbox/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ advanceSeconds: seconds, network: "x", account: handle }),
  });
  expect(response.status).toBe(200);
}

/** Publishes the post's one target now, as the publish consumer would. */
async function publishNow(text: string, accountId: string): Promise<Post> {
  const created = await call<Post>("POST", `/workspaces/${ws.workspaceId}/posts`, {
    token: ws.owner.accessToken,
    body: { text, targets: [{ accountId }], schedule: { mode: "now" } },
  });
  expect(created.status, created.text).toBe(201);
  const target = created.body.targets[0];
  await Publish.process({
    workspaceId: ws.workspaceId,
    targetId: target?.id ?? "",
    version: target?.version ?? 0,
  });
  // Another worker on the same queue may have claimed it first; either way it goes out once.
  for (let tries = 0; tries < 100; tries += 1) {
    const post = await call<Post>("GET", `/workspaces/${ws.workspaceId}/posts/${created.body.id}`, {
      token: ws.owner.accessToken,
    });
    if (post.body.targets[0]?.state === "published") return post.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the post was not published");
}

const metricsOf = (postId: string) =>
  call<Metrics>("GET", `/workspaces/${ws.workspaceId}/posts/${postId}/metrics`, {
    token: ws.viewer.accessToken,
  });

describe("post metrics", () => {
  it("reads a published post's figures from X, and they grow as the post ages", async () => {
    const handle = unique("stats");
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", handle);
    const post = await publishNow(`Measure me ${unique("m")}`, accountId);
    expect((await metricsOf(post.id)).body.items).toEqual([]);

    await agePosts(handle, 60);
    const first = await Analytics.ingest({ workspaceId: ws.workspaceId });
    expect(first.measured).toBe(1);
    const early = (await metricsOf(post.id)).body.items;
    expect(early).toHaveLength(1);
    expect(early[0]?.network).toBe("x");
    const before = early[0]?.metrics ?? {};
    expect(before.impressions).toBeGreaterThan(0);
    expect(typeof before.likes).toBe("number");
    // X reports no reach and this post has no video: absent, not 0.
    expect(before).not.toHaveProperty("reach");
    expect(before).not.toHaveProperty("videoViews");

    await agePosts(handle, 120);
    await Analytics.ingest({ workspaceId: ws.workspaceId });
    const after = (await metricsOf(post.id)).body.items[0]?.metrics ?? {};
    expect(after.impressions).toBeGreaterThan(before.impressions ?? 0);
    expect(after.likes).toBeGreaterThan(before.likes ?? 0);
    expect(after.shares).toBeGreaterThanOrEqual(before.shares ?? 0);
  });

  it("answers 404 for a post that is not in the workspace", async () => {
    const missing = await metricsOf("pst_00000000000000000000000000");
    expect(missing.status).toBe(404);
  });
});
