import { afterAll, beforeAll, describe, test } from "vitest";
import { call, team, uniqueEmail } from "../support/api.ts";
import {
  expectAccessible,
  openPage,
  saveScreenshot,
  settled,
  useSession,
} from "./support/browser.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
let crew: Awaited<ReturnType<typeof team>>;

beforeAll(async () => {
  site = await startSite();
  // A lived-in workspace: four members, a pending invitation, a key, changed settings.
  crew = await team("screens");
  const base = `/workspaces/${crew.workspaceId}`;
  const token = crew.owner.accessToken;
  await call("POST", `${base}/invitations`, {
    token,
    body: { email: uniqueEmail("pending"), role: "editor" },
  });
  await call("POST", `${base}/api-keys`, { token, body: { name: "Reporting", role: "viewer" } });
  await call("PATCH", base, {
    token,
    body: { approvalRequired: true, latePublishWindowMinutes: 30, version: 1 },
  });
});
afterAll(async () => {
  await site?.close();
});

const signedOut = [
  ["landing", "/"],
  ["sign-in", "/sign-in"],
  ["sign-up", "/sign-up"],
  ["reset", "/reset"],
  ["invite", "/invite?token=an-invitation-token"],
] as const;

const signedIn = [
  ["overview", "/app"],
  ["settings", "/app/settings"],
  ["team", "/app/team"],
  ["api-keys", "/app/api-keys"],
  ["activity", "/app/activity"],
] as const;

describe("every main screen", () => {
  for (const scheme of ["light", "dark"] as const) {
    test(`is accessible in ${scheme} mode (axe: no serious or critical problems)`, async () => {
      const visitor = await openPage(site, { colorScheme: scheme });
      for (const [name, path] of signedOut) {
        await visitor.page.goto(path);
        await expectAccessible(visitor.page, `${name} (${scheme})`);
        await saveScreenshot(visitor.page, `${name}-${scheme}`);
      }
      await visitor.context.close();

      const owner = await openPage(site, { colorScheme: scheme });
      await useSession(owner.page, crew.owner, crew.workspaceId);
      for (const [name, path] of signedIn) {
        await owner.page.goto(path);
        await settled(owner.page);
        await expectAccessible(owner.page, `${name} (${scheme})`);
        await saveScreenshot(owner.page, `${name}-${scheme}`);
      }
      // The open menus and a dialog are screens too.
      await owner.page.getByRole("button", { name: /^Workspace:/ }).click();
      await expectAccessible(owner.page, `workspace menu (${scheme})`);
      await saveScreenshot(owner.page, `workspace-menu-${scheme}`);
      await owner.page.getByRole("button", { name: "New workspace" }).click();
      await expectAccessible(owner.page, `new workspace dialog (${scheme})`);
      await saveScreenshot(owner.page, `new-workspace-${scheme}`);
      await owner.context.close();
    });
  }

  test("fits a phone", async () => {
    const { context, page } = await openPage(site, { mobile: true });
    await useSession(page, crew.admin, crew.workspaceId);
    for (const [name, path] of signedIn) {
      await page.goto(path);
      await settled(page);
      await saveScreenshot(page, `${name}-phone`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 0) throw new Error(`${name} scrolls sideways on a phone by ${overflow}px`);
    }
    await context.close();
  });
});
