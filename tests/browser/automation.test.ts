import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, signUp } from "../support/api.ts";
import {
  eventually,
  expectAccessible,
  openPage,
  settled,
  textOf,
  useSession,
} from "./support/browser.ts";
import { networksUrl, seedAccount } from "./support/posts.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

describe("automation screens", () => {
  test("a feed is added, run now makes its first draft, and it can be paused", async () => {
    const owner = await signUp("feeds-screen");
    const stamp = Date.now().toString(36);
    await seedAccount(owner, owner.workspaceId, "mastodon", `feedscreen-${stamp}`);
    const feedUrl = `${networksUrl()}/feeds/browser-${stamp}`;
    await fetch(feedUrl, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        title: "Launch notes",
        entries: [
          {
            id: `${stamp}-1`,
            title: "We shipped feeds",
            link: `https://news.example/${stamp}`,
            publishedAt: "2026-11-01T00:00:00Z",
          },
        ],
      }),
    });
    const { context, page } = await openPage(site);
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app/feeds");
    await settled(page);
    await expectAccessible(page, "feeds");

    const form = page.getByRole("region", { name: "Add a feed" });
    await form.getByLabel("Name").fill("Blog");
    await form.getByLabel("Feed address").fill("https://127.0.0.1/feed.xml");
    await form.getByRole("checkbox").first().check();
    await form.getByLabel("Each new entry").selectOption("draft");
    await form.getByRole("button", { name: "Add feed" }).click();
    // A private address is refused next to the field, nothing is saved.
    await eventually(() => textOf(form.locator('[data-error-for="url"]'))).toMatch(
      /not a public internet address/,
    );
    await form.getByLabel("Feed address").fill(feedUrl);
    await form.getByRole("button", { name: "Add feed" }).click();

    const row = page.locator('[data-feed="Blog"]');
    await eventually(() => textOf(row.locator(".row-title"))).toBe("Blog — Launch notes");
    await row.getByRole("button", { name: "Run now" }).click();
    await eventually(() => textOf(row.locator("summary"))).toBe("Recent entries (1)");
    await row.locator("summary").click();
    const link = row.getByRole("link", { name: "open the post" });
    const href = (await link.getAttribute("href")) ?? "";
    const postId = new URL(href, site.web).searchParams.get("id") ?? "";
    const post = await call<{ text: string; targets: { state: string }[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/posts/${postId}`,
      { token: owner.accessToken },
    );
    expect(post.body.text).toBe(`We shipped feeds\n\nhttps://news.example/${stamp}`);
    expect(post.body.targets.map((t) => t.state)).toEqual(["draft"]);

    await row.getByRole("button", { name: "Pause" }).click();
    await eventually(() => textOf(row.locator(".badge"))).toBe("Paused");
    await expectAccessible(page, "feeds with a feed");
    await context.close();
  });

  test("a rule shows what each target gets and is run and paused from its row", async () => {
    const owner = await signUp("rules-screen");
    const stamp = Date.now().toString(36);
    const source = await seedAccount(owner, owner.workspaceId, "bluesky", `src-${stamp}.test`);
    const reel = await seedAccount(owner, owner.workspaceId, "instagram", `reel-${stamp}`);
    await seedAccount(owner, owner.workspaceId, "x", `x-${stamp}`);
    const created = await call("POST", `/workspaces/${owner.workspaceId}/autorepost-rules`, {
      token: owner.accessToken,
      body: {
        name: "Everywhere",
        sourceAccountId: source.id,
        targets: [{ accountId: reel.id, overrides: { postType: "reel" }, template: "{caption}" }],
      },
    });
    expect(created.status).toBe(201);
    const { context, page } = await openPage(site);
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app/autorepost");
    await settled(page);

    const row = page.locator('[data-rule="Everywhere"]');
    const cells = row.locator("tbody tr").first();
    await eventually(() => textOf(cells.locator("th"))).toContain("(reel)");
    expect(await textOf(cells.locator("td").first())).toBe("{caption}");
    expect(await textOf(cells.locator("td").nth(1))).toMatch(
      /^video fitted to 9:16, at most \d+ s, H\.264\/AAC MP4/,
    );

    // The source has no stored tokens here: run now says why nothing was read.
    await row.getByRole("button", { name: "Run now" }).click();
    await eventually(() => textOf(row.locator(".row-reason"))).toMatch(/^Last error: /);
    await row.getByRole("button", { name: "Pause" }).click();
    await eventually(() => textOf(row.locator(".badge"))).toBe("Paused");
    await expectAccessible(page, "autorepost");
    await context.close();
  });
});
