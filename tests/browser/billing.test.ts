import { registerStripeWebhook } from "@cadence/local/sandbox/stripe/register";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signUp } from "../support/api.ts";
import { onPlan } from "../support/billing.ts";
import { eventually, openPage, settled, textOf, useSession } from "./support/browser.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
beforeAll(async () => {
  site = await startSite();
  // As an endpoint set up in Stripe's dashboard: the stand-in sends its events to this API.
  await registerStripeWebhook(
    process.env.CADENCE_NETWORKS_URL ?? "",
    `${site.api}/billing/stripe/webhook`,
  );
});
afterAll(async () => {
  await site?.close();
});

describe("plan and billing", () => {
  test("an owner on Free upgrades through Checkout with the test card and sees Starter's limits; a declined card says so", async () => {
    const owner = await signUp("billing-browser");
    await onPlan(owner.workspaceId, "free");
    const { context, page } = await openPage(site);
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app/billing");
    await settled(page);
    await eventually(() => textOf(page.locator("#plan-name"))).toBe("Free");
    expect(await textOf(page.locator('[data-limit="accounts"] .meter-text'))).toBe("0 of 3");
    expect(await textOf(page.locator('[data-feature="webhooks"]'))).toContain("upgrade to Pro");

    // A declined card: Stripe's message on its page, and nothing changes.
    await page.locator('[data-plan="pro"]').getByRole("button", { name: "Choose Pro" }).click();
    await page.waitForURL(/\/stripe\/checkout\//);
    await page.getByLabel("Card number").fill("4000 0000 0000 0002");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await eventually(() => textOf(page.locator("#card-error"))).toBe("Your card was declined.");

    await page.goto(`${site.web}/app/billing`);
    await settled(page);
    await page
      .locator('[data-plan="starter"]')
      .getByRole("button", { name: "Choose Starter" })
      .click();
    await page.waitForURL(/\/stripe\/checkout\//);
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.waitForURL(/\/app\/billing\?paid=1/);
    await eventually(() => textOf(page.locator("#plan-name"))).toBe("Starter");
    expect(await textOf(page.locator('[data-limit="accounts"] .meter-text'))).toBe("0 of 10");
    expect(await textOf(page.locator('[data-feature="bestTimes"]'))).toContain("✓");
    await context.close();
  });
});
