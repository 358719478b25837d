import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, signUp, team } from "../support/api.ts";
import {
  callFromPage,
  eventually,
  fillSignUp,
  latestMail,
  openPage,
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

describe("team", () => {
  test("an invited teammate signs up from the email, accepts, and appears in Team", async () => {
    const owner = await signUp("inviter");
    const created = await call<{ id: string }>("POST", "/workspaces", {
      token: owner.accessToken,
      body: { name: "Northwind Social", timeZone: "Europe/London" },
    });
    const workspaceId = created.body.id;
    const owners = await openPage(site);
    await useSession(owners.page, owner, workspaceId);
    await owners.page.goto("/app/team");
    await settled(owners.page);

    const email = uniqueEmail("teammate");
    const invite = owners.page.getByRole("region", { name: "Invite someone" });
    await invite.getByLabel("Email").fill(email);
    await invite.getByLabel("Role").selectOption("editor");
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await eventually(() => textOf(owners.page.locator("#toast"))).toBe(
      `Invitation sent to ${email}.`,
    );
    const pending = owners.page.locator(`[data-invitation="${email}"]`);
    await eventually(() => textOf(pending.locator(".badge"))).toBe("pending");

    // The email links to the site's accept page.
    const [, link] = await latestMail(email, /Accept: (\S+)/);
    expect(link).toMatch(new RegExp(`^${site.web}/invite\\?token=`));

    const teammate = await openPage(site);
    await teammate.page.goto(link ?? "");
    // Who invited whom, to what, as what — before anyone signs in.
    await eventually(() => textOf(teammate.page.locator("#invite-who"))).toContain(
      `invited ${email} to join “Northwind Social” as editor.`,
    );
    await teammate.page.getByRole("link", { name: "Create an account" }).click();
    await teammate.page.waitForURL("**/sign-up?next=**");
    expect(await teammate.page.getByLabel("Email").inputValue()).toBe(email);
    await fillSignUp(teammate.page, { name: "Tess Teammate", email });
    await teammate.page.waitForURL("**/invite?token=**");
    await teammate.page.getByRole("button", { name: "Accept invitation" }).click();
    await teammate.page.waitForURL("**/app");
    await settled(teammate.page);
    await eventually(() => textOf(teammate.page.locator("h1"))).toBe("Northwind Social");
    await eventually(() => textOf(teammate.page.locator("#toast"))).toBe(
      "You joined “Northwind Social”.",
    );

    await owners.page.reload();
    await settled(owners.page);
    const row = owners.page.locator(`[data-member="${email}"]`);
    await eventually(() => textOf(row.locator(".row-title"))).toBe("Tess Teammate");
    expect(await row.getByLabel("Role for Tess Teammate").inputValue()).toBe("editor");
    await eventually(() => textOf(pending.locator(".badge"))).toBe("accepted");
    await owners.context.close();
    await teammate.context.close();
  });

  test("an admin changes a role, revokes an invitation and removes a member", async () => {
    const crew = await team("roles");
    const { context, page } = await openPage(site);
    await useSession(page, crew.admin, crew.workspaceId);
    await page.goto("/app/team");
    await settled(page);

    // Admins manage editors and viewers, not owners.
    const ownerRow = page.locator(`[data-member="${crew.owner.email}"]`);
    expect(await ownerRow.locator("select").count()).toBe(0);
    expect(await ownerRow.getByRole("button").count()).toBe(0);

    await page.getByLabel("Role for roles-editor").selectOption("viewer");
    await eventually(() => textOf(page.locator("#toast"))).toBe("roles-editor is now a viewer.");
    const members = await call<{ items: { email: string; role: string }[] }>(
      "GET",
      `/workspaces/${crew.workspaceId}/members`,
      { token: crew.owner.accessToken },
    );
    expect(members.body.items.find((m) => m.email === crew.editor.email)?.role).toBe("viewer");

    const invitee = uniqueEmail("revoked");
    await call("POST", `/workspaces/${crew.workspaceId}/invitations`, {
      token: crew.owner.accessToken,
      body: { email: invitee, role: "viewer" },
    });
    await page.reload();
    await settled(page);
    await page.getByRole("button", { name: `Revoke the invitation for ${invitee}` }).click();
    await page
      .getByRole("dialog", { name: "Revoke this invitation?" })
      .getByRole("button", { name: "Revoke" })
      .click();
    await eventually(() => textOf(page.locator(`[data-invitation="${invitee}"] .badge`))).toBe(
      "revoked",
    );

    await page.getByRole("button", { name: "Remove roles-viewer" }).click();
    await page
      .getByRole("dialog", { name: "Remove roles-viewer?" })
      .getByRole("button", { name: "Remove" })
      .click();
    await eventually(() => page.locator(`[data-member="${crew.viewer.email}"]`).count()).toBe(0);
    await context.close();
  });

  test("a viewer sees no edit controls, and the API refuses their writes", async () => {
    const crew = await team("readonly");
    const { context, page } = await openPage(site);
    await useSession(page, crew.viewer, crew.workspaceId);

    await page.goto("/app/settings");
    await settled(page);
    await eventually(() => textOf(page.locator("#settings-note"))).toBe(
      "Only owners and admins can change these.",
    );
    expect(await page.locator("#settings-facts").isVisible()).toBe(true);
    expect(await page.locator("#settings-form").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Delete workspace…" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "API keys" }).count()).toBe(0);

    await page.goto("/app/team");
    await settled(page);
    await eventually(() => page.locator("[data-member]").count()).toBe(4);
    expect(await page.locator("#invite-card").isVisible()).toBe(false);
    expect(await page.locator("#invitations-card").isVisible()).toBe(false);
    expect(await page.locator("#members select").count()).toBe(0);
    // The only action a viewer has on the team is leaving it.
    expect(await page.locator("#members").getByRole("button").allTextContents()).toEqual(["Leave"]);

    await page.goto("/app/api-keys");
    await settled(page);
    await eventually(() => textOf(page.locator("#keys-denied h3"))).toBe(
      "Owners and admins manage API keys",
    );

    const base = `/workspaces/${crew.workspaceId}`;
    const rename = await callFromPage(page, site.api, "PATCH", base, {
      name: "Mine now",
      version: 1,
    });
    expect(rename).toEqual({ status: 403, code: "role_required" });
    const invite = await callFromPage(page, site.api, "POST", `${base}/invitations`, {
      email: uniqueEmail("sneaky"),
      role: "admin",
    });
    expect(invite).toEqual({ status: 403, code: "role_required" });
    const key = await callFromPage(page, site.api, "POST", `${base}/api-keys`, { name: "x" });
    expect(key).toEqual({ status: 403, code: "role_required" });
    await context.close();
  });
});
