/**
 * Every main screen holds its layout at the sizes people use: a small laptop (1024), a 13" laptop
 * (1280×800), a desktop (1440) and a phone (390). Nothing scrolls sideways and nothing covers a
 * control: each visible control is the element found at its own centre. One browser and one
 * signed-in context visit the screens in turn; screenshots go to tests/artifacts/screenshots.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { team } from "../support/api.ts";
import { openPage, saveScreenshot, settled, useSession } from "./support/browser.ts";
import { createPost, seedAccount, wallClock } from "./support/posts.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
let crew: Awaited<ReturnType<typeof team>>;
let postId: string;
const handles: string[] = [];

// Five accounts on five networks: the composer's heaviest everyday case.
const networks = ["x", "linkedin", "instagram", "mastodon", "bluesky"] as const;

beforeAll(async () => {
  site = await startSite();
  crew = await team("layout");
  const suffix = Math.random().toString(36).slice(2, 7);
  const accounts = [];
  for (const network of networks) {
    const handle = `${network}_layout_${suffix}`;
    handles.push(handle);
    accounts.push(await seedAccount(crew.owner, crew.workspaceId, network, handle));
  }
  const post = await createPost(crew.owner, crew.workspaceId, {
    text: "A post that every screen can show, long enough to wrap on a phone screen.",
    // Instagram needs media; the others are enough for the calendar and the post page.
    targets: accounts
      .filter((account) => account.network !== "instagram")
      .map((account) => ({ accountId: account.id })),
    schedule: {
      mode: "at",
      at: `${wallClock(new Date(Date.now() + 3 * 86_400_000), "Europe/Berlin").date}T10:00`,
      timeZone: "Europe/Berlin",
    },
  });
  postId = post.id;
});
afterAll(async () => {
  await site?.close();
});

const sizes = [
  { name: "1024", width: 1024, height: 768 },
  { name: "1280x800", width: 1280, height: 800 },
  { name: "1440", width: 1440, height: 900 },
  { name: "390", width: 390, height: 844 },
] as const;

const screens = (): [string, string][] => [
  ["overview", "/app"],
  ["compose", "/app/compose"],
  ["calendar", "/app/calendar"],
  ["queue", "/app/queue"],
  ["post", `/app/post?id=${postId}`],
  ["analytics", "/app/analytics"],
  ["approvals", "/app/approvals"],
  ["attention", "/app/attention"],
  ["media", "/app/media"],
  ["connections", "/app/connections"],
  ["team", "/app/team"],
  ["activity", "/app/activity"],
  ["api-keys", "/app/api-keys"],
  ["settings", "/app/settings"],
  ["account", "/app/account"],
];

/** What is wrong with the page's layout as people would meet it: sideways scroll, covered controls. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    const overflow = root.scrollWidth - root.clientWidth;
    if (overflow > 0) problems.push(`the page scrolls sideways by ${overflow}px`);
    const describe = (element: Element) => {
      const name =
        element.getAttribute("aria-label") ??
        element.textContent?.trim().replace(/\s+/g, " ").slice(0, 40) ??
        "";
      return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""} "${name}"`;
    };
    const controls = document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=tab]",
    );
    for (const control of controls) {
      const style = getComputedStyle(control);
      if (style.visibility === "hidden" || style.pointerEvents === "none") continue;
      const box = control.getBoundingClientRect();
      // Unrendered, or visually hidden on purpose (a styled checkbox, a skip link).
      if (box.width < 2 || box.height < 2 || Number(style.opacity) === 0) continue;
      // Placed above or left of the page until focused, as a skip link is.
      if (box.bottom + window.scrollY <= 0 || box.right + window.scrollX <= 0) continue;
      control.scrollIntoView({ block: "center", inline: "center" });
      const at = control.getBoundingClientRect();
      const x = at.left + at.width / 2;
      const y = at.top + at.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (!hit) {
        problems.push(`${describe(control)} is outside the page`);
        continue;
      }
      if (hit === control || control.contains(hit)) continue;
      // A label belongs to its control: clicking it clicks the control.
      const label = hit.closest("label");
      if (label && (label.control === control || label.contains(control))) continue;
      problems.push(`${describe(control)} is covered by ${describe(hit)}`);
    }
    window.scrollTo(0, 0);
    return problems;
  });
}

test("every main screen fits at 1024, 1280×800, 1440 and 390 px, with five accounts in the composer", async () => {
  const { context, page } = await openPage(site);
  await useSession(page, crew.owner, crew.workspaceId);
  const found: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const [name, path] of screens()) {
      await page.goto(path);
      await settled(page);
      // Panels that fill in after the page settles (analytics' tables) change the layout.
      await page.waitForFunction(() => document.querySelectorAll(".skeleton").length === 0);
      if (name === "compose") {
        for (const handle of handles)
          await page.locator(".pick", { hasText: handle }).getByRole("checkbox").check();
        await page.getByLabel("Text", { exact: true }).fill("Five networks, one post.");
        await page.getByRole("tab", { name: /^X/ }).click();
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, `layout-${name}-${size.name}`);
      for (const problem of await layoutProblems(page))
        found.push(`${name} at ${size.name}: ${problem}`);
    }
  }
  await context.close();
  expect(found).toEqual([]);
});
