/**
 * The person's own page, reached from the user menu: name and zone, and a password change that
 * needs the current password and signs out the person's other sessions.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, password, signUp } from "../support/api.ts";
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
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

describe("your account", () => {
  test("a person renames themselves, sets their zone and changes the password, ending the other session", async () => {
    const person = await signUp("account");
    const laptop = await call<{ accessToken: string }>("POST", "/auth/sign-in", {
      body: { email: person.email, password },
    });
    // Dark first: the page as it opens, before the password changes under the helper's sign-in.
    const dark = await openPage(site, { colorScheme: "dark" });
    await useSession(dark.page, person, person.workspaceId);
    await dark.page.goto("/app/account");
    await settled(dark.page);
    await expectAccessible(dark.page, "account page (dark)");
    await saveScreenshot(dark.page, "account-dark");
    await dark.context.close();

    const { context, page } = await openPage(site);
    await useSession(page, person, person.workspaceId);
    await page.goto("/app");
    await settled(page);
    await page.getByRole("button", { name: "Your account" }).click();
    await page.getByRole("link", { name: "Profile and password" }).click();
    await page.waitForURL(/\/app\/account/);
    await settled(page);
    expect(await textOf(page.locator("#profile-email"))).toContain(person.email);

    await page.locator("#profile-form").getByLabel("Name").fill("Grace Hopper");
    await page.getByLabel("Your time zone").fill("America/New_York");
    await page.getByRole("button", { name: "Save profile" }).click();
    await eventually(async () => {
      const me = await call<{ user: { name: string; timeZone: string } }>("GET", "/me", {
        token: person.accessToken,
      });
      return me.body.user;
    }).toEqual(expect.objectContaining({ name: "Grace Hopper", timeZone: "America/New_York" }));
    expect(await textOf(page.locator("#user-name"))).toBe("Grace Hopper");

    // A wrong current password is said at its field, and nothing changes.
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await eventually(() => textOf(page.locator("[data-error-for=currentPassword]"))).toContain(
      "current password is not right",
    );
    expect((await call("GET", "/me", { token: laptop.body.accessToken })).status).toBe(200);
    await expectAccessible(page, "account page with a password problem");

    await page.getByLabel("Current password").fill(password);
    await page.getByRole("button", { name: "Change password" }).click();
    await eventually(
      async () => (await call("GET", "/me", { token: laptop.body.accessToken })).status,
    ).toBe(401);
    // This browser stays signed in.
    await page.reload();
    await settled(page);
    expect(new URL(page.url()).pathname).toBe("/app/account");
    const signIn = await call("POST", "/auth/sign-in", {
      body: { email: person.email, password: "a brand new passphrase" },
    });
    expect(signIn.status).toBe(200);
    await saveScreenshot(page, "account-light");
    await context.close();
  });
});
