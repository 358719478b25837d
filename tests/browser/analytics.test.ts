import { readFile } from "node:fs/promises";
import { Analytics } from "@cadence/core/analytics";
import { Csv } from "@cadence/core/csv";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type PublishedPost,
  pinAccountFigures,
  pinPostFigures,
  publishNow,
} from "../support/analytics.ts";
import { team } from "../support/api.ts";
import { connectThroughApi, unique } from "../support/connecting.ts";
import {
  eventually,
  expectAccessible,
  openPage,
  saveScreenshot,
  settled,
  textOf,
  useSession,
} from "./support/browser.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
let crew: Awaited<ReturnType<typeof team>>;
let best: PublishedPost;
let other: PublishedPost;
const bestText = `Our best launch post ${unique("best")}`;

beforeAll(async () => {
  site = await startSite();
  crew = await team("analytics-ui");
  const handle = unique("charts");
  const account = await connectThroughApi(crew.admin, crew.workspaceId, "x", handle);
  best = await publishNow(crew.owner, crew.workspaceId, account, { text: bestText });
  other = await publishNow(crew.owner, crew.workspaceId, account, {
    text: `@everyone a quieter post ${unique("quiet")}`,
  });
  const figures = { quotes: 0, bookmarks: 1, linkClicks: 5 };
  await pinPostFigures("x", best.targets[0]?.externalId ?? "", {
    ...figures,
    impressions: 2000,
    likes: 120,
    reposts: 10,
    replies: 6,
  });
  await pinPostFigures("x", other.targets[0]?.externalId ?? "", {
    ...figures,
    impressions: 300,
    likes: 9,
    reposts: 1,
    replies: 0,
  });
  await pinAccountFigures("x", handle, { followers: 1234, following: 56, posts: 2 });
  await Analytics.ingest({ workspaceId: crew.workspaceId });
});
afterAll(async () => {
  await site?.close();
});

describe("the analytics page", () => {
  test("shows totals, the chart, top posts and the heatmap, and exports a CSV that reads back", async () => {
    const { context, page } = await openPage(site);
    await useSession(page, crew.owner, crew.workspaceId);
    await page.goto("/app/analytics?days=7");
    await settled(page);

    const likes = page.locator('[data-figure="likes"] .stat');
    await eventually(() => textOf(likes)).toBe("129");
    expect(await textOf(page.locator('[data-figure="posts"] .stat'))).toBe("2");
    expect(await textOf(page.locator('[data-figure="impressions"] .stat'))).toBe("2,300");

    // The chart is drawn, and its text alternative names the same figures per day.
    expect(await page.locator("#analytics-chart canvas").count()).toBeGreaterThan(0);
    await page.getByText("Show the chart as a table").click();
    const chartRows = page.locator("#analytics-chart tbody tr");
    expect(await chartRows.count()).toBe(7);

    // Top posts, best first; sorting by another figure asks again.
    const firstPost = page.locator("#analytics-top tbody tr").first();
    expect(await textOf(firstPost.locator(".post-text"))).toBe(bestText);
    await page.getByRole("button", { name: "Impressions" }).click();
    await settled(page);
    await eventually(() =>
      page.locator('#analytics-top th[aria-sort="descending"]').textContent(),
    ).toContain("Impressions");

    // The heatmap says how many posts it rests on, and that it is too few to suggest slots.
    await eventually(() => textOf(page.locator("#heatmap-note"))).toContain(
      "Only 2 measured posts",
    );
    expect(
      await page.locator("table.heatmap td.heat span[aria-hidden=true]", { hasText: /\d/ }).count(),
    ).toBeGreaterThan(0);

    // The follower figures of the account.
    expect(await textOf(page.locator("#analytics-accounts tbody tr").first())).toContain("1,234");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Posts with figures (CSV)" }).click(),
    ]);
    const csv = await readFile((await download.path()) ?? "", "utf8");
    const [header, ...rows] = Csv.read(csv).rows.map((r) => r.fields);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    expect(rows).toHaveLength(2);
    const quiet = rows.find((r) => r[column("targetId")] === other.targets[0]?.id);
    expect(quiet?.[column("likes")]).toBe("9");
    // A cell a spreadsheet would read as a formula starts with an apostrophe.
    expect(quiet?.[column("text")]).toMatch(/^'@everyone/);
    await saveScreenshot(page, "analytics-light");
    await context.close();
  });

  for (const scheme of ["light", "dark"] as const) {
    test(`is accessible in ${scheme} mode`, async () => {
      const { context, page } = await openPage(site, { colorScheme: scheme });
      await useSession(page, crew.admin, crew.workspaceId);
      await page.goto("/app/analytics?days=30");
      await settled(page);
      await eventually(() => textOf(page.locator('[data-figure="likes"] .stat'))).toBe("129");
      await expectAccessible(page, `analytics (${scheme})`);
      await saveScreenshot(page, `analytics-${scheme}`);
      await context.close();
    });
  }
});
