/**
 * The Queue page: an account's posting slots as a weekly grid (shortcuts, copy to another
 * account), its upcoming posts in slot order (reorder, remove), and the composer that stays
 * open after adding to the queue, ready for the next post.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Person, signUp } from "../support/api.ts";
import {
  eventually,
  expectAccessible,
  openPage,
  saveScreenshot,
  settled,
  textOf,
  useSession,
} from "./support/browser.ts";
import { createPost, getPost, seedAccount } from "./support/posts.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

async function slotsOf(owner: Person, accountId: string) {
  const listed = await call<{ items: { id: string; slots: Record<string, string[]> }[] }>(
    "GET",
    `/workspaces/${owner.workspaceId}/accounts`,
    { token: owner.accessToken },
  );
  return listed.body.items.find((a) => a.id === accountId)?.slots;
}

describe("the queue page", () => {
  test("an owner sets weekly slots with a shortcut, copies them, then reorders and removes queued posts", async () => {
    const owner = await signUp("queue");
    const suffix = Math.random().toString(36).slice(2, 7);
    const main = await seedAccount(owner, owner.workspaceId, "mastodon", `queue_a_${suffix}`);
    const other = await seedAccount(owner, owner.workspaceId, "bluesky", `queue_b_${suffix}`);
    const { context, page } = await openPage(site);
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app");
    await settled(page);
    await page.getByRole("link", { name: "Queue", exact: true }).first().click();
    await page.waitForURL(/\/app\/queue/);
    await settled(page);
    await page.getByLabel("Account").selectOption(main.id);

    // A new time starts on weekdays; "Every day" ticks the weekend too.
    await page.getByLabel("New posting time").fill("09:00");
    await page.getByRole("button", { name: "Add time" }).click();
    const saturday = page.getByRole("checkbox", { name: /on Saturday$/ });
    expect(await page.getByRole("checkbox", { name: /on Monday$/ }).isChecked()).toBe(true);
    expect(await saturday.isChecked()).toBe(false);
    await page.getByRole("button", { name: /^Every day: / }).click();
    expect(await saturday.isChecked()).toBe(true);
    await page.getByLabel("New posting time").fill("17:30");
    await page.getByRole("button", { name: "Add time" }).click();
    await page
      .getByRole("checkbox", { name: /on Friday$/ })
      .last()
      .uncheck();
    await page.getByRole("button", { name: "Save slots" }).click();
    await eventually(async () => (await slotsOf(owner, main.id))?.["6"]).toEqual(["09:00"]);
    const saved = await slotsOf(owner, main.id);
    expect(saved?.["1"]).toEqual(["09:00", "17:30"]);
    expect(saved?.["5"]).toEqual(["09:00"]);
    await expectAccessible(page, "queue page");

    await page.getByRole("checkbox", { name: `@queue_b_${suffix}` }).check();
    await page.getByRole("button", { name: "Copy to chosen accounts" }).click();
    await eventually(() => textOf(page.locator(".slot-copy [role=status]"))).toContain(
      `Copied to @queue_b_${suffix}`,
    );
    expect(await slotsOf(owner, other.id)).toEqual(saved);

    // Two posts in the queue: they show in slot order; reordering swaps their times.
    const first = await createPost(owner, owner.workspaceId, {
      text: "First in the queue",
      targets: [{ accountId: main.id }],
      schedule: { mode: "queue" },
    });
    const second = await createPost(owner, owner.workspaceId, {
      text: "Second in the queue",
      targets: [{ accountId: main.id }],
      schedule: { mode: "queue" },
    });
    await page.reload();
    await settled(page);
    const items = page.locator(".queue-item");
    await eventually(() => items.count()).toBe(2);
    expect(await textOf(items.first())).toContain("First in the queue");
    await page.getByRole("button", { name: "Move down: First in the queue" }).click();
    await page.getByRole("button", { name: "Save order" }).click();
    await eventually(
      async () => (await getPost(owner, owner.workspaceId, second.id)).targets[0]?.dueAt,
    ).toBe(first.targets[0]?.dueAt);

    await page.getByRole("button", { name: "Remove from the queue: First in the queue" }).click();
    await page
      .getByRole("dialog", { name: "Remove from the queue?" })
      .getByRole("button", { name: "Remove" })
      .click();
    await eventually(() => items.count()).toBe(1);
    expect((await getPost(owner, owner.workspaceId, first.id)).targets[0]?.state).toBe("canceled");
    await saveScreenshot(page, "queue-light");
    await context.close();

    const dark = await openPage(site, { colorScheme: "dark" });
    await useSession(dark.page, owner, owner.workspaceId);
    await dark.page.goto(`/app/queue?account=${main.id}`);
    await settled(dark.page);
    await expectAccessible(dark.page, "queue page (dark)");
    await saveScreenshot(dark.page, "queue-dark");
    await dark.context.close();
  });

  test("adding to the queue keeps the composer open, says where the post went, and names the next slot", async () => {
    const owner = await signUp("queue-compose");
    const handle = `queue_c_${Math.random().toString(36).slice(2, 7)}`;
    const account = await seedAccount(owner, owner.workspaceId, "mastodon", handle);
    await call("PUT", `/workspaces/${owner.workspaceId}/accounts/${account.id}/slots`, {
      token: owner.accessToken,
      body: {
        timeZone: "UTC",
        slots: Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, ["08:00"]])),
      },
    });
    const { context, page } = await openPage(site);
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app/compose");
    await settled(page);
    await page.getByRole("radio", { name: "Next free slot" }).check();
    const next = page.locator(`#queue-next [data-queue-account="${account.id}"]`);
    await eventually(() => next.count()).toBe(1);
    const before = await next.locator("time").getAttribute("datetime");
    await page.getByLabel("Text", { exact: true }).fill("One for the queue");
    await page.locator("#submit-post").click();

    await eventually(() => page.locator("#queue-added").isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/app/compose");
    expect(await page.getByLabel("Text", { exact: true }).inputValue()).toBe("");
    expect(await page.locator(".pick", { hasText: handle }).getByRole("checkbox").isChecked()).toBe(
      true,
    );
    // The slot just taken is no longer the next one.
    await eventually(() => next.locator("time").getAttribute("datetime")).not.toBe(before);
    const queue = await call<{ items: { dueAt: string; text: string }[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/accounts/${account.id}/queue`,
      { token: owner.accessToken },
    );
    expect(queue.body.items.map((i) => i.text)).toEqual(["One for the queue"]);
    expect(Date.parse(queue.body.items[0]?.dueAt ?? "")).toBe(Date.parse(before ?? ""));
    await expectAccessible(page, "composer after adding to the queue");
    await context.close();
  });
});
