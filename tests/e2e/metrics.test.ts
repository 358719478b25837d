import { withActor } from "@cadence/core/actor";
import { Analytics } from "@cadence/core/analytics";
import { PostExport } from "@cadence/core/post-export";
import { beforeAll, describe, expect, it } from "vitest";
import { publishNow } from "../support/analytics.ts";
import { call, team } from "../support/api.ts";
import { connectThroughApi, networksUrl, unique } from "../support/connecting.ts";

type Figures = Record<string, number>;
type Metrics = { items: { targetId: string; network: string; metrics: Figures }[] };

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

const publishNowAs = (text: string, accountId: string) =>
  publishNow(ws.owner, ws.workspaceId, accountId, { text });

const metricsOf = (postId: string) =>
  call<Metrics>("GET", `/workspaces/${ws.workspaceId}/posts/${postId}/metrics`, {
    token: ws.viewer.accessToken,
  });

describe("post metrics", () => {
  it("reads a published post's figures from X, and they grow as the post ages", async () => {
    const handle = unique("stats");
    const accountId = await connectThroughApi(ws.admin, ws.workspaceId, "x", handle);
    const post = await publishNowAs(`Measure me ${unique("m")}`, accountId);
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

    // The posts export carries the latest figures of a target that went out.
    const exported = await withActor(
      {
        type: "user",
        userId: ws.viewer.userId,
        email: ws.viewer.email,
        sessionId: "test",
        workspace: { workspaceId: ws.workspaceId, role: "viewer" },
      },
      () => PostExport.rows({ format: "json", from: new Date().toISOString().slice(0, 7) }),
    );
    const row = exported.rows.find((r) => r.postId === post.id);
    expect(row?.impressions).toBe(after.impressions);
    expect(row?.metricsMeasuredAt).toBeTruthy();
    // Connecting, publishing and two ingests: more than the default 30 s on a busy machine.
  }, 120_000);

  it("answers 404 for a post that is not in the workspace", async () => {
    const missing = await metricsOf("pst_00000000000000000000000000");
    expect(missing.status).toBe(404);
  });
});
