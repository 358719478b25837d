import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, signUp } from "../support/api.ts";
import { eventually, isFocused, openPage, settled, textOf, useSession } from "./support/browser.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

interface WorkspaceBody {
  id: string;
  name: string;
  version: number;
  timeZone: string;
  latePublishWindowMinutes: number;
}

describe("workspaces", () => {
  test("creating a workspace opens it, and the switcher goes back to the personal one", async () => {
    const person = await signUp("switcher");
    const { context, page } = await openPage(site);
    await useSession(page, person);
    await page.goto("/app");
    await settled(page);

    await page.getByRole("button", { name: /^Workspace:/ }).click();
    await page.getByRole("button", { name: "New workspace" }).click();
    const dialog = page.getByRole("dialog", { name: "New workspace" });
    await dialog.getByLabel("Name").fill("Acme Social");
    await dialog.getByLabel("Time zone").fill("Europe/Berlin");
    await dialog.getByRole("button", { name: "Create workspace" }).click();

    await page.waitForURL("**/app");
    await settled(page);
    await eventually(() => textOf(page.locator("h1"))).toBe("Acme Social");
    await eventually(() => textOf(page.locator("#toast"))).toContain("Created “Acme Social”");
    await eventually(() => textOf(page.locator("#overview-lead"))).toContain("Europe/Berlin");

    await page.getByRole("button", { name: /^Workspace:/ }).click();
    const items = page.locator("#workspace-list .menu-item");
    await eventually(() => items.allTextContents()).toEqual([
      "Acme SocialOwner",
      "switcher's workspaceOwner",
    ]);
    await items.filter({ hasText: "switcher's workspace" }).click();
    await page.waitForLoadState();
    await settled(page);
    await eventually(() => textOf(page.locator("h1"))).toBe("switcher's workspace");
    await context.close();
  });

  test("settings save with the version; someone else's change is reported with a reload", async () => {
    const owner = await signUp("settings");
    const created = await call<WorkspaceBody>("POST", "/workspaces", {
      token: owner.accessToken,
      body: { name: "Settings Co", timeZone: "UTC" },
    });
    const workspace = created.body;
    const { context, page } = await openPage(site);
    await useSession(page, owner, workspace.id);
    await page.goto("/app/settings");
    await settled(page);
    const general = page.getByRole("region", { name: "General" });

    await general.getByLabel("Name").fill("Settings Company");
    await general.getByLabel("Time zone").fill("America/New_York");
    await general.getByLabel("Require approval before publishing").check();
    await general.getByLabel("Late-publish window (minutes)").fill("45");
    await page.getByRole("button", { name: "Save changes" }).click();
    await eventually(() => textOf(page.locator("#settings-status"))).toBe("All changes saved.");
    await eventually(() => textOf(page.locator("#workspace-name"))).toBe("Settings Company");

    const saved = await call<WorkspaceBody & { approvalRequired: boolean }>(
      "GET",
      `/workspaces/${workspace.id}`,
      { token: owner.accessToken },
    );
    expect(saved.body).toMatchObject({
      name: "Settings Company",
      timeZone: "America/New_York",
      approvalRequired: true,
      latePublishWindowMinutes: 45,
      version: workspace.version + 1,
    });

    // A teammate saves meanwhile; this page still holds the older version.
    await call("PATCH", `/workspaces/${workspace.id}`, {
      token: owner.accessToken,
      body: { name: "Renamed Elsewhere", version: saved.body.version },
    });
    await general.getByLabel("Late-publish window (minutes)").fill("90");
    await page.getByRole("button", { name: "Save changes" }).click();
    const conflict = page.locator("#settings-conflict");
    await conflict.waitFor();
    expect(await textOf(conflict)).toContain("Someone else changed these settings");
    await eventually(() => isFocused(conflict)).toBe(true);

    await page.getByRole("button", { name: "Reload settings" }).click();
    await eventually(() => general.getByLabel("Name").inputValue()).toBe("Renamed Elsewhere");
    await eventually(() => general.getByLabel("Late-publish window (minutes)").inputValue()).toBe(
      "45",
    );
    await general.getByLabel("Late-publish window (minutes)").fill("90");
    await page.getByRole("button", { name: "Save changes" }).click();
    await eventually(() => textOf(page.locator("#settings-status"))).toBe("All changes saved.");
    const latest = await call<WorkspaceBody>("GET", `/workspaces/${workspace.id}`, {
      token: owner.accessToken,
    });
    expect(latest.body).toMatchObject({ name: "Renamed Elsewhere", latePublishWindowMinutes: 90 });

    // An unknown zone is caught before it is sent.
    await general.getByLabel("Time zone").fill("Mars/Olympus");
    await page.getByRole("button", { name: "Save changes" }).click();
    await eventually(() => textOf(general.locator("[data-error-for=timeZone]"))).toBe(
      "Choose a time zone from the list.",
    );
    await context.close();
  });

  test("the owner deletes a workspace after typing its name", async () => {
    const owner = await signUp("deleter");
    const created = await call<WorkspaceBody>("POST", "/workspaces", {
      token: owner.accessToken,
      body: { name: "Short Lived", timeZone: "UTC" },
    });
    const { context, page } = await openPage(site);
    await useSession(page, owner, created.body.id);
    await page.goto("/app/settings");
    await settled(page);

    await page.getByRole("button", { name: "Delete workspace…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete “Short Lived”?" });
    await dialog.getByLabel("Type “Short Lived” to confirm").fill("Short");
    await dialog.getByRole("button", { name: "Delete workspace" }).click();
    await eventually(() => textOf(dialog.locator("[data-error-for=confirmation]"))).toBe(
      "Type “Short Lived” exactly.",
    );
    await dialog.getByLabel("Type “Short Lived” to confirm").fill("Short Lived");
    await dialog.getByRole("button", { name: "Delete workspace" }).click();

    await page.waitForURL("**/app");
    await settled(page);
    await eventually(() => textOf(page.locator("h1"))).toBe("deleter's workspace");
    const gone = await call("GET", `/workspaces/${created.body.id}`, { token: owner.accessToken });
    expect(gone.status).toBe(404);
    await context.close();
  });
});
