/**
 * The person's own page, reached from the user menu: name and zone, and a password change that
 * needs the current password and signs out the person's other sessions.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, password, signUp } from "../support/api.ts";
import {
  eventually,
  expectAccessible,
  latestMail,
  openPage,
  saveScreenshot,
  settled,
  textOf,
  uniqueEmail,
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
  test("a person renames themselves, sets their zone, changes the password (ending the other session) and moves to a new email by its mailed link", async () => {
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
    await eventually(() => textOf(page.locator("#user-name"))).toBe("Grace Hopper");

    // A wrong current password is said at its field, and nothing changes.
    await page.locator("#password-form").getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await eventually(() =>
      textOf(page.locator("#password-form [data-error-for=currentPassword]")),
    ).toContain("current password is not right");
    expect((await call("GET", "/me", { token: laptop.body.accessToken })).status).toBe(200);
    await expectAccessible(page, "account page with a password problem");

    await page.locator("#password-form").getByLabel("Current password").fill(password);
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

    // A new email takes effect only from the link mailed to it.
    const newEmail = uniqueEmail("account-moved");
    const emailForm = page.locator("#email-form");
    await emailForm.getByLabel("New email").fill(newEmail);
    await emailForm.getByLabel("Current password").fill("a brand new passphrase");
    await emailForm.getByRole("button", { name: "Send the link" }).click();
    await eventually(() => textOf(page.locator("#email-sent"))).toContain(newEmail);
    const [link] = await latestMail(newEmail, /https?:\/\/\S+confirm-email-change\S+/);
    await page.goto(link);
    await eventually(() => textOf(page.locator("#change-done"))).toContain(newEmail);
    expect(page.url()).not.toContain("token=");
    await expectAccessible(page, "new email confirmed");
    const moved = await call("POST", "/auth/sign-in", {
      body: { email: newEmail, password: "a brand new passphrase" },
    });
    expect(moved.status).toBe(200);
    await saveScreenshot(page, "account-light");
    await context.close();
  });
});
