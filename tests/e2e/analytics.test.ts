import { Analytics } from "@cadence/core/analytics";
import { Csv } from "@cadence/core/csv";
import { db } from "@cadence/core/db/service";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import {
  networksUrl,
  type PublishedPost,
  pinAccountFigures,
  pinPostFigures,
  publishNow,
} from "../support/analytics.ts";
import { call, mailTo, team } from "../support/api.ts";
import { connectThroughApi, unique } from "../support/connecting.ts";

type Figures = Record<string, number>;
type Summary = {
  period: { from: string; to: string; timeZone: string };
  totals: Figures;
  previousTotals: Figures;
  change: Record<string, number | null>;
  series: (Figures & { day: string })[];
  networks: (Figures & { network: string })[];
  accounts: {
    accountId: string;
    network: string;
    figures: Figures;
    followers?: { first: number; last: number; change: number };
    following?: number;
    postCount?: number;
  }[];
};
type TopPosts = { items: { targetId: string; text: string; network: string; figures: Figures }[] };

let ws: Awaited<ReturnType<typeof team>>;
let xAccount: string;
let mastodonAccount: string;
let xHandle: string;
let mastodonHandle: string;
let postA: PublishedPost;
let postB: PublishedPost;
let postC: PublishedPost;

const get = <T>(path: string) =>
  call<T>("GET", `/workspaces/${ws.workspaceId}${path}`, { token: ws.viewer.accessToken });
const summaryOf = async (query = "days=7") => {
  const response = await get<Summary>(`/analytics/summary?${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
};
const externalIdOf = (post: PublishedPost) => post.targets[0]?.externalId ?? "";

/** Every rollup and ranking item of the workspace, in key order: what the dashboard reads. */
async function storedRollups() {
  const { rollup, topPost, targetFigures } = db().entities;
  const workspaceId = ws.workspaceId;
  const rollups = [];
  for (const dimension of ["workspace", "network", "account", "campaign", "tag", "slot"] as const) {
    const items = (await rollup.query.byDay({ workspaceId, dimension }).go({ pages: "all" })).data;
    // Account figures are filed by the account reading, not rebuilt from post readings.
    rollups.push(...items.map(({ accountMeasuredAt: _at, ...item }) => item));
  }
  const readings = (await targetFigures.query.byTarget({ workspaceId }).go({ pages: "all" })).data;
  const ranks = [];
  for (const month of new Set(readings.map((r) => r.day.slice(0, 7)))) {
    for (const figure of ["likes", "impressions", "engagements", "shares"]) {
      ranks.push(
        ...(await topPost.query.byRank({ workspaceId, figure, month }).go({ pages: "all" })).data,
      );
    }
  }
  return { rollups, ranks };
}

beforeAll(async () => {
  ws = await team("analytics");
  xHandle = unique("reach");
  mastodonHandle = unique("fedi");
  xAccount = await connectThroughApi(ws.admin, ws.workspaceId, "x", xHandle);
  mastodonAccount = await connectThroughApi(ws.admin, ws.workspaceId, "mastodon", mastodonHandle, {
    server: `${networksUrl()}/mastodon`,
  });
  postA = await publishNow(ws.owner, ws.workspaceId, xAccount, {
    text: `=HYPERLINK("https://example.com") launch ${unique("a")}`,
    tags: ["launch"],
    campaign: "@spring",
  });
  postB = await publishNow(ws.owner, ws.workspaceId, xAccount, {
    text: `Second launch post ${unique("b")}`,
    tags: ["launch"],
  });
  postC = await publishNow(ws.owner, ws.workspaceId, mastodonAccount, {
    text: `Hello fediverse ${unique("c")}`,
  });
  // Exact figures per post and per account: pinned on this file's own posts and accounts only.
  await pinPostFigures("x", externalIdOf(postA), {
    impressions: 1000,
    likes: 40,
    reposts: 5,
    quotes: 1,
    replies: 3,
    bookmarks: 2,
    linkClicks: 10,
  });
  await pinPostFigures("x", externalIdOf(postB), {
    impressions: 500,
    likes: 10,
    reposts: 2,
    quotes: 0,
    replies: 1,
    bookmarks: 0,
    linkClicks: 4,
  });
  await pinPostFigures("mastodon", externalIdOf(postC), {
    likes: 7,
    reposts: 3,
    quotes: 1,
    replies: 2,
  });
  await pinAccountFigures("x", xHandle, { followers: 500, following: 20, posts: 42 });
  await pinAccountFigures("mastodon", mastodonHandle, { followers: 77, following: 5, posts: 3 });
  const run = await Analytics.ingest({ workspaceId: ws.workspaceId });
  expect(run).toMatchObject({ measured: 3, failed: 0, accounts: 2 });
}, 180_000);

describe("analytics from sandbox figures to the API", () => {
  it("sums readings into exact totals per workspace, network and account", async () => {
    const summary = await summaryOf();
    expect(summary.period.timeZone).toBe("Europe/Berlin");
    // X: likes, replies, reposts + quotes, bookmarks, link clicks; Mastodon has no impressions.
    expect(summary.totals).toEqual({
      posts: 3,
      impressions: 1500,
      likes: 57,
      comments: 6,
      shares: 12,
      saves: 2,
      clicks: 14,
      engagements: 91,
      engagementRate: 0.052,
    });
    expect(summary.previousTotals).toEqual({ posts: 0 });
    expect(summary.change.likes).toBeNull();
    const byNetwork = Object.fromEntries(summary.networks.map(({ network, ...f }) => [network, f]));
    expect(byNetwork.x).toEqual({
      posts: 2,
      impressions: 1500,
      likes: 50,
      comments: 4,
      shares: 8,
      saves: 2,
      clicks: 14,
      engagements: 78,
      engagementRate: 0.052,
    });
    // Not reported by Mastodon: absent, never 0, and no rate without impressions.
    expect(byNetwork.mastodon).toEqual({
      posts: 1,
      likes: 7,
      comments: 2,
      shares: 4,
      engagements: 13,
    });
    const x = summary.accounts.find((a) => a.accountId === xAccount);
    expect(x?.followers).toEqual({ first: 500, last: 500, change: 0 });
    expect(x?.following).toBe(20);
    expect(x?.postCount).toBe(42);
    expect(summary.accounts.find((a) => a.accountId === mastodonAccount)?.followers?.last).toBe(77);
  });

  it("files figures on the publish day in the workspace's zone", async () => {
    const publishedAt = postA.targets[0]?.publishedAt ?? "";
    const day = DateTime.fromISO(publishedAt).setZone("Europe/Berlin").toFormat("yyyy-LL-dd");
    const summary = await summaryOf();
    expect(summary.series).toHaveLength(7);
    expect(summary.series.find((d) => d.day === day)?.likes).toBe(57);
    expect(summary.series.filter((d) => (d.posts ?? 0) > 0)).toHaveLength(1);
  });

  it("filters by network, campaign and tag, one at a time", async () => {
    expect((await summaryOf("days=7&network=mastodon")).totals.likes).toBe(7);
    expect((await summaryOf("days=7&campaign=%40spring")).totals).toMatchObject({
      posts: 1,
      likes: 40,
    });
    expect((await summaryOf("days=7&tag=launch")).totals).toMatchObject({ posts: 2, likes: 50 });
    const both = await get<{ code: string }>("/analytics/summary?days=7&tag=launch&network=x");
    expect(both.status).toBe(400);
    expect(both.body.code).toBe("one_filter_only");
    const badPeriod = await get<{ code: string }>(
      "/analytics/summary?from=2026-02-10&to=2026-01-01",
    );
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.code).toBe("invalid_period");
  });

  it("ranks top posts by each figure, leaving out posts whose network does not report it", async () => {
    const byLikes = await get<TopPosts>("/analytics/top-posts?days=7&sort=likes");
    expect(byLikes.body.items.map((p) => p.targetId)).toEqual(
      [postA, postB, postC].map((p) => p.targets[0]?.id),
    );
    expect(byLikes.body.items[0]?.text).toContain("=HYPERLINK");
    expect(byLikes.body.items[2]?.figures).toEqual({
      likes: 7,
      comments: 2,
      shares: 4,
      engagements: 13,
    });
    const byImpressions = await get<TopPosts>("/analytics/top-posts?days=7&sort=impressions");
    expect(byImpressions.body.items.map((p) => p.targetId)).toEqual(
      [postA, postB].map((p) => p.targets[0]?.id),
    );
    const mastodonOnly = await get<TopPosts>("/analytics/top-posts?days=7&network=mastodon");
    expect(mastodonOnly.body.items.map((p) => p.network)).toEqual(["mastodon"]);
  });

  it("a new reading replaces the old one: rollups move by the difference", async () => {
    await pinPostFigures("x", externalIdOf(postA), { likes: 60 });
    await pinAccountFigures("x", xHandle, { followers: 510 });
    await Analytics.ingest({ workspaceId: ws.workspaceId });
    const summary = await summaryOf();
    expect(summary.totals).toMatchObject({ posts: 3, likes: 77, engagements: 111 });
    expect(summary.accounts.find((a) => a.accountId === xAccount)?.followers?.last).toBe(510);
  });

  it("a reading that arrives twice, late, or from racing runs changes nothing twice", async () => {
    await pinPostFigures("x", externalIdOf(postA), { likes: 90 });
    const now = Date.now() + 60_000;
    // Five runs at once with the same reading: one is recorded, the others find it taken.
    await Promise.all(
      Array.from({ length: 5 }, () => Analytics.ingest({ workspaceId: ws.workspaceId, now })),
    );
    const after = await summaryOf();
    expect(after.totals).toMatchObject({ posts: 3, likes: 107, engagements: 141 });
    // The same reading again, and an older one arriving late: both are ignored.
    await Analytics.ingest({ workspaceId: ws.workspaceId, now });
    await pinPostFigures("x", externalIdOf(postA), { likes: 1 });
    await Analytics.ingest({ workspaceId: ws.workspaceId, now: now - 30_000 });
    expect((await summaryOf()).totals).toEqual(after.totals);
    await pinPostFigures("x", externalIdOf(postA), { likes: 90 });
    // Seven ingestion runs, each reading 30 days of the published-on index.
  }, 120_000);

  it("the backfill rebuilds the same rollups from the readings, repairing a damaged one", async () => {
    const before = await storedRollups();
    expect(before.rollups.length).toBeGreaterThan(5);
    const workspaceDay = before.rollups.find((r) => r.dimension === "workspace");
    await db()
      .entities.rollup.patch({
        workspaceId: ws.workspaceId,
        dimension: "workspace",
        key: "all",
        day: workspaceDay?.day ?? "",
      })
      .add({ likes: 1000 })
      .go();
    expect((await summaryOf()).totals.likes).toBe(1107);
    const rebuilt = await Analytics.backfill(ws.workspaceId);
    expect(rebuilt.readings).toBe(3);
    const after = await storedRollups();
    expect(after.rollups).toEqual(before.rollups);
    expect(after.ranks).toEqual(before.ranks);
    expect((await summaryOf()).totals.likes).toBe(107);
  });

  it("shows the heatmap with the posts each cell rests on, and says when there are too few", async () => {
    const best = await get<{
      posts: number;
      enough: boolean;
      cells: { weekday: number; hour: number; posts: number }[];
      suggestions: unknown[];
    }>("/analytics/best-times");
    const published = DateTime.fromISO(postA.targets[0]?.publishedAt ?? "").setZone(
      "Europe/Berlin",
    );
    expect(best.body.posts).toBe(3);
    expect(best.body.enough).toBe(false);
    expect(best.body.suggestions).toEqual([]);
    const cell = best.body.cells.find(
      (c) => c.weekday === published.weekday && c.hour === published.hour,
    );
    expect(cell?.posts).toBeGreaterThanOrEqual(1);
  });

  it("exports posts with figures as CSV with formulas neutralised, and daily rollups as JSON", async () => {
    const response = await get("/analytics/export?days=7&kind=posts&format=csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const { rows } = Csv.read(response.text);
    const [header, ...data] = rows.map((r) => r.fields);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    expect(data).toHaveLength(3);
    const rowA = data.find((r) => r[column("targetId")] === postA.targets[0]?.id);
    expect(rowA?.[column("text")]).toMatch(/^'=HYPERLINK/);
    expect(rowA?.[column("campaign")]).toBe("'@spring");
    expect(rowA?.[column("likes")]).toBe("90");
    const rowC = data.find((r) => r[column("targetId")] === postC.targets[0]?.id);
    expect(rowC?.[column("impressions")]).toBe("");

    const daily = await get<{ items: Record<string, string | number | null>[] }>(
      "/analytics/export?days=7&kind=daily&format=json",
    );
    expect(daily.status).toBe(200);
    const workspaceRow = daily.body.items.find((r) => r.dimension === "workspace");
    expect(workspaceRow).toMatchObject({ key: "all", posts: 3, likes: 107, reach: null });
  });

  it("sends the weekly summary once a week, only to people who switched it on", async () => {
    const path = `/workspaces/${ws.workspaceId}/analytics/weekly-email`;
    const on = await call("PUT", path, { token: ws.viewer.accessToken, body: { enabled: true } });
    expect(on.body).toEqual({ enabled: true });
    expect((await get<{ enabled: boolean }>("/analytics/weekly-email")).body).toEqual({
      enabled: true,
    });
    const weekly = async (email: string) =>
      (await mailTo(email)).filter((m) => m.subject.startsWith("Your week in"));
    const now = Date.now();
    // Three runs, two at once: one mail.
    await Analytics.sendWeekly(now);
    await Promise.all([Analytics.sendWeekly(now), Analytics.sendWeekly(now)]);
    const mails = await weekly(ws.viewer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain("Likes: 107");
    expect(mails[0]?.text).toContain("Engagement rate: ");
    expect(await weekly(ws.editor.email)).toHaveLength(0);

    const off = await call("PUT", path, { token: ws.viewer.accessToken, body: { enabled: false } });
    expect(off.body).toEqual({ enabled: false });
    await Analytics.sendWeekly(now + 7 * 86_400_000);
    expect(await weekly(ws.viewer.email)).toHaveLength(1);
  });
});
