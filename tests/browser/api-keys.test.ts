import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, signUp } from "../support/api.ts";
import { eventually, openPage, settled, textOf, useSession } from "./support/browser.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

describe("API keys and the activity log", () => {
  test("a key's secret is shown once with a copy button; the key is listed, works and is revoked", async () => {
    const owner = await signUp("keys");
    const { context, page } = await openPage(site);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.web });
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app/api-keys");
    await settled(page);
    await eventually(() => textOf(page.locator("#keys h3"))).toBe("No API keys yet");
    const reference = page.getByRole("link", { name: /API reference/ });
    expect(await reference.getAttribute("href")).toBe(`${site.api}/docs`);

    const create = page.getByRole("region", { name: "Create a key" });
    await create.getByLabel("Name").fill("Analytics export");
    await create.getByLabel("Role").selectOption("viewer");
    await create.getByRole("button", { name: "Create key" }).click();
    const secret = page.locator("#new-key-secret");
    await secret.waitFor();
    const key = await textOf(secret);
    expect(key).toMatch(/^cad_key_\S+\.\S+$/);

    await page.getByRole("button", { name: "Copy" }).click();
    await eventually(() => page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    const row = page.locator('[data-key="Analytics export"]');
    await eventually(() => textOf(row.locator(".badge"))).toBe("Active");
    expect(await textOf(row.locator(".row-sub"))).toContain("Viewer · created by keys on ");

    // The key works against the API with the role it was given.
    const read = await call("GET", `/workspaces/${owner.workspaceId}`, { token: key });
    expect(read.status).toBe(200);

    await page.getByRole("button", { name: "Done" }).click();
    expect(await page.locator("#new-key").isVisible()).toBe(false);
    await page.reload();
    await settled(page);
    expect(await page.content()).not.toContain(key);

    await page.getByRole("button", { name: "Revoke Analytics export" }).click();
    await page
      .getByRole("dialog", { name: "Revoke “Analytics export”?" })
      .getByRole("button", { name: "Revoke key" })
      .click();
    await eventually(() => textOf(row.locator(".badge"))).toBe("Revoked");
    const refused = await call("GET", `/workspaces/${owner.workspaceId}`, { token: key });
    expect(refused.status).toBe(401);
    await context.close();
  });

  test("the activity log shows the month newest first and loads more with the cursor", async () => {
    const owner = await signUp("historian");
    let version = 1;
    for (let change = 1; change <= 27; change += 1) {
      const updated = await call<{ version: number }>("PATCH", `/workspaces/${owner.workspaceId}`, {
        token: owner.accessToken,
        body: { latePublishWindowMinutes: change, version },
      });
      version = updated.body.version;
    }
    await call("PATCH", `/workspaces/${owner.workspaceId}`, {
      token: owner.accessToken,
      body: { name: "The newest name", version },
    });

    const { context, page } = await openPage(site);
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app/activity");
    await settled(page);
    const rows = page.locator("#activity .row");
    await eventually(() => rows.count()).toBe(25);
    expect(await textOf(rows.first().locator(".activity-summary"))).toBe(
      "Renamed the workspace “The newest name”",
    );
    expect(await textOf(rows.first().locator(".row-sub"))).toContain("historian");
    const time = rows.first().locator("time");
    expect(await time.getAttribute("title")).toMatch(/UTC \(workspace time\)$/);

    await page.getByRole("button", { name: "Load more" }).click();
    await eventually(() => rows.count()).toBe(28);
    expect(await page.getByRole("button", { name: "Load more" }).isVisible()).toBe(false);

    await page.getByRole("button", { name: "Previous month" }).click();
    await eventually(() => textOf(page.locator("#activity h3"))).toMatch(/^Nothing happened in /);
    expect(new URL(page.url()).searchParams.get("month")).toMatch(/^\d{4}-\d{2}$/);
    await context.close();
  });
});
