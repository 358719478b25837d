/**
 * A new customer's first day, in one browser in New York: the workspace keeps their zone, the
 * Overview leads to the first post and offers posting slots, a file Instagram will not take is
 * flagged on its tab before Schedule, previews follow the tab, repeats read as a sentence, and
 * Disconnect lists what it holds and brings it back on reconnect.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Person, password, uniqueEmail } from "../support/api.ts";
import {
  eventually,
  expectAccessible,
  openPage,
  saveScreenshot,
  settled,
  signUpInBrowser,
  textOf,
} from "./support/browser.ts";
import { createPost, getPost, samplePng, seedAccount, wallClock } from "./support/posts.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

const newYork = "America/New_York";

/** The person signed up in the browser, as the API knows them. */
async function asApi(page: Page, email: string): Promise<Person> {
  const session = await call<{ accessToken: string; user: { id: string } }>(
    "POST",
    "/auth/sign-in",
    { body: { email, password } },
  );
  const workspaceId = await page.evaluate(() => localStorage.getItem("cadence.workspace") ?? "");
  return {
    email,
    userId: session.body.user.id,
    accessToken: session.body.accessToken,
    refreshToken: "",
    workspaceId,
  };
}

describe("the first day", () => {
  test("a person in New York signs up, follows the first steps, and meets Instagram's rules before Schedule", async () => {
    const { context, page } = await openPage(site, { timezoneId: newYork });
    const email = uniqueEmail("firstday");
    await signUpInBrowser(page, { name: "Nia Newcomer", email });
    await settled(page);
    const nia = await asApi(page, email);
    const workspace = await call<{ timeZone: string }>("GET", `/workspaces/${nia.workspaceId}`, {
      token: nia.accessToken,
    });
    expect(workspace.body.timeZone).toBe(newYork);

    // The Overview leads to the core job.
    const setup = page.getByRole("region", { name: "Your first post, in three steps" });
    await eventually(() => textOf(setup.locator("#setup-progress"))).toBe("0 of 3 done");
    expect(await setup.getByRole("link", { name: "Connect an account" }).count()).toBe(1);

    const suffix = Math.random().toString(36).slice(2, 7);
    const instagram = await seedAccount(nia, nia.workspaceId, "instagram", `nia_ig_${suffix}`);
    const mastodon = await seedAccount(nia, nia.workspaceId, "mastodon", `nia_m_${suffix}`);
    await page.reload();
    await settled(page);
    await eventually(() => textOf(setup.locator("#setup-progress"))).toBe("1 of 3 done");
    await expectAccessible(page, "overview with the first steps");
    await setup.getByRole("button", { name: "Use these posting slots" }).click();
    await eventually(async () => {
      const listed = await call<{ items: { id: string; slots: Record<string, string[]> }[] }>(
        "GET",
        `/workspaces/${nia.workspaceId}/accounts`,
        { token: nia.accessToken },
      );
      return listed.body.items.find((a) => a.id === mastodon.id)?.slots["1"];
    }).toEqual(["09:00", "12:30", "17:00"]);

    // A PNG is flagged on Instagram's tab at once, in words; Mastodon's tab stays clean.
    await page.goto("/app/compose");
    await settled(page);
    await page.locator(".pick", { hasText: instagram.handle }).getByRole("checkbox").check();
    await page.locator(".pick", { hasText: mastodon.handle }).getByRole("checkbox").check();
    expect(await page.locator("#at-zone").inputValue()).toBe(newYork);
    await page.getByLabel("Text", { exact: true }).fill("Our first chart");
    await page.locator("#media-files").setInputFiles({
      name: "chart.png",
      mimeType: "image/png",
      buffer: await samplePng(800, 800),
    });
    const instagramTab = page.getByRole("tab", { name: /Instagram/ });
    await eventually(() =>
      textOf(page.locator("#main-problems [data-problem=instagram]")),
    ).toContain("Instagram does not take PNG images: use JPEG images");
    expect(await textOf(page.locator("#main-problems"))).not.toContain("image/png");
    expect(await page.locator("#main-problems [data-problem=mastodon]").count()).toBe(0);
    expect(await page.getByRole("tab", { name: /Mastodon/ }).getAttribute("class")).not.toContain(
      "tab-invalid",
    );

    // The preview follows the tab: Instagram first, its square media above the caption.
    await instagramTab.click();
    await eventually(() =>
      page.locator("#previews > .preview").first().getAttribute("data-preview"),
    ).toBe("instagram");
    const order = await page
      .locator("[data-preview=instagram] .preview-post > *")
      .evaluateAll((parts) => parts.map((part) => part.className));
    expect(order.findIndex((c) => c.includes("preview-media"))).toBeLessThan(
      order.findIndex((c) => c.includes("preview-caption")),
    );
    await page.getByRole("tab", { name: /Mastodon/ }).click();
    await eventually(() =>
      page.locator("#previews > .preview").first().getAttribute("data-preview"),
    ).toBe("mastodon");
    await expectAccessible(page, "composer with a flagged file");

    // "Next free slot" says which slot each account takes before anything is added.
    await page.getByRole("radio", { name: "Next free slot" }).check();
    await eventually(() => page.locator("#queue-next li").count()).toBe(2);
    expect(await textOf(page.locator(`#queue-next [data-queue-account="${mastodon.id}"]`))).toMatch(
      /^@nia_m_\w+: .*(9:00|12:30|5:00)/,
    );

    // A repeat reads as a sentence; the iCalendar rule is tucked away.
    await page.getByRole("radio", { name: "Repeat" }).check();
    const repeat = page.locator("[data-mode-panel=recurring]");
    await repeat.getByLabel("First date").fill("2030-01-04");
    await repeat.getByLabel("Time", { exact: true }).fill("09:00");
    await eventually(() => textOf(page.locator("#repeat-summary"))).toBe(
      "Every week on Friday, at 9:00 AM (America/New_York).",
    );
    expect(await page.locator("#repeat-rule").isVisible()).toBe(false);
    await saveScreenshot(page, "first-day-compose");
    await context.close();
  });

  test("Disconnect lists the posts it holds, asks for the handle typed out, and holds them until the account is reconnected", async () => {
    const { context, page } = await openPage(site, { timezoneId: newYork, colorScheme: "dark" });
    const email = uniqueEmail("disconnect");
    await signUpInBrowser(page, { name: "Dev Disconnect", email });
    await settled(page);
    const dev = await asApi(page, email);
    const handle = `dev_m_${Math.random().toString(36).slice(2, 7)}`;
    const account = await seedAccount(dev, dev.workspaceId, "mastodon", handle);
    const when = wallClock(new Date(Date.now() + 2 * 86_400_000), newYork);
    const post = await createPost(dev, dev.workspaceId, {
      text: "Held while the account is away",
      targets: [{ accountId: account.id }],
      schedule: { mode: "at", at: `${when.date}T10:00`, timeZone: newYork },
    });

    await page.goto("/app/connections");
    await settled(page);
    await page.getByRole("button", { name: `Disconnect @${handle}` }).click();
    const dialog = page.getByRole("dialog", { name: `Disconnect @${handle}?` });
    await eventually(() => textOf(dialog)).toContain("holds 1 scheduled post");
    expect(await dialog.getByRole("link", { name: "Held while the account is away" }).count()).toBe(
      1,
    );
    await expectAccessible(page, "disconnect dialog (dark)");
    const confirm = dialog.getByRole("button", { name: "Disconnect and hold 1 scheduled post" });
    await confirm.click();
    // Nothing happens until the handle is typed.
    await eventually(() => textOf(dialog)).toContain(`Type “${handle}” exactly.`);
    expect((await getPost(dev, dev.workspaceId, post.id)).targets[0]?.state).toBe("scheduled");
    await dialog.getByLabel(`Type “${handle}” to confirm`).fill(handle);
    await confirm.click();
    await eventually(
      async () => (await getPost(dev, dev.workspaceId, post.id)).targets[0]?.state,
    ).toBe("held");
    // Reconnect is its own button, apart from Disconnect, which is gone for a disconnected account.
    await eventually(() => page.getByRole("button", { name: `Reconnect @${handle}` }).count()).toBe(
      1,
    );
    await eventually(() =>
      page.getByRole("button", { name: `Disconnect @${handle}` }).count(),
    ).toBe(0);
    await context.close();
  });
});
