import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, team } from "../support/api.ts";
import { eventsWorker, startReceiver } from "../support/events.ts";
import { connectWithTokens } from "../support/publishing.ts";
import { eventually, openPage, settled, textOf, useSession } from "./support/browser.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
let events: ReturnType<typeof eventsWorker>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let ws: Awaited<ReturnType<typeof team>>;

beforeAll(async () => {
  site = await startSite();
  events = eventsWorker();
  receiver = await startReceiver();
  ws = await team("bell");
});
afterAll(async () => {
  await events?.stop();
  await receiver?.close();
  await site?.close();
});

describe("notifications and webhooks in the app", () => {
  test("an approver is told by the bell and approves from the notification", async () => {
    const settings = await call<{ version: number }>("GET", `/workspaces/${ws.workspaceId}`, {
      token: ws.owner.accessToken,
    });
    await call("PATCH", `/workspaces/${ws.workspaceId}`, {
      token: ws.owner.accessToken,
      body: { approvalRequired: true, version: settings.body.version },
    });
    const { account } = await connectWithTokens(
      ws.owner,
      ws.workspaceId,
      "mastodon",
      `bell${Date.now()}`,
    );
    const at = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 16);
    const post = await call<{ id: string }>("POST", `/workspaces/${ws.workspaceId}/posts`, {
      token: ws.editor.accessToken,
      body: {
        text: "Approve me",
        targets: [{ accountId: account.id }],
        schedule: { mode: "at", at, timeZone: "UTC" },
      },
    });

    const { context, page } = await openPage(site);
    await useSession(page, ws.admin, ws.workspaceId);
    await page.goto("/app");
    await settled(page);
    await eventually(() => textOf(page.locator("#bell-count"))).not.toBe("");
    await page.locator("#bell").click();
    await settled(page);
    const notice = page.locator('[data-notification="approval.requested"]');
    await notice.first().waitFor();
    await notice.first().getByRole("link", { name: "Open approvals" }).click();
    await page.waitForURL(/\/app\/approvals/);
    await settled(page);
    await page.getByRole("button", { name: "Approve" }).first().click();
    await eventually(async () => {
      const now = await call<{ approval: string }>(
        "GET",
        `/workspaces/${ws.workspaceId}/posts/${post.body.id}`,
        {
          token: ws.owner.accessToken,
        },
      );
      return now.body.approval;
    }).toBe("approved");
    // Opening it from the notification marked it read.
    const list = await call<{ items: { type: string; read: boolean }[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/notifications`,
      { token: ws.admin.accessToken },
    );
    expect(list.body.items.find((n) => n.type === "approval.requested")?.read).toBe(true);
    await context.close();
  });

  test("an admin adds an endpoint, sends a test, reads the log and redelivers", async () => {
    const { context, page } = await openPage(site);
    await useSession(page, ws.admin, ws.workspaceId);
    await page.goto("/app/webhooks");
    await settled(page);
    const add = page.getByRole("region", { name: "Add an endpoint" });
    await add.getByLabel("URL").fill(`${receiver.url}/from-browser`);
    await add.getByLabel("Description").fill("Our CRM");
    await add.getByRole("button", { name: "Add endpoint" }).click();
    const secret = page.locator("#new-secret-value");
    await secret.waitFor();
    receiver.secrets.push(await textOf(secret));
    expect(await textOf(secret)).toMatch(/^whsec_/);

    const row = page.locator(`[data-endpoint="${receiver.url}/from-browser"]`);
    await row.getByRole("button", { name: "Send test" }).click();
    const log = page.locator("#log");
    await eventually(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await settled(page);
      return textOf(log.locator(".badge").first());
    }).toBe("Delivered");
    expect(await textOf(log.locator(".attempts li").first())).toMatch(/204 · \d+ ms/);
    expect(receiver.received.at(-1)?.verifiedWith).toEqual([receiver.secrets.length - 1]);

    await log.getByRole("button", { name: "Redeliver" }).first().click();
    await eventually(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await settled(page);
      return log.locator(".attempts li").count();
    }).toBe(2);
    const test = receiver.received.filter((r) => r.json.type === "webhook.test");
    expect(test).toHaveLength(2);
    expect(test[1]?.headers["webhook-id"]).toBe(test[0]?.headers["webhook-id"]);
    await context.close();
  });
});
