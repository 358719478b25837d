import { describe, expect, it } from "vitest";
import { db } from "../db/service.ts";
import { newId } from "../util/id.ts";
import { cheapestWithFeature, cheapestWithLimit, formatLimit, planIds } from "./catalogue.ts";
import { Plan } from "./index.ts";

async function workspace(values: Record<string, unknown> = {}): Promise<string> {
  const workspaceId = newId("ws");
  await db()
    .entities.workspace.create({ workspaceId, name: "Plan test", ...values })
    .go();
  return workspaceId;
}

describe("plans", () => {
  it("a new workspace tries Pro for fourteen days, then falls to Free without a subscription", async () => {
    const workspaceId = await workspace();
    const now = await Plan.standing(workspaceId);
    expect(now).toMatchObject({ plan: "pro", subscribedPlan: "pro", status: "trialing" });
    const days = (Date.parse(now.trialEndsAt ?? "") - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);

    const item = (await db().entities.workspace.get({ workspaceId }).go()).data;
    if (!item) throw new Error("workspace missing");
    const later = Plan.standingOf(item, new Date(Date.now() + 15 * 86_400_000).toISOString());
    expect(later.plan).toBe("free");
    expect(later.limits.accounts).toBe(Plan.table.free.limits.accounts);
  });

  it("past due keeps the plan through its grace period only", async () => {
    const graceEndsAt = new Date(Date.now() + 86_400_000).toISOString();
    const workspaceId = await workspace({
      plan: "starter",
      subscriptionStatus: "past_due",
      stripeSubscriptionId: "sub_x",
      graceEndsAt,
    });
    const item = (await db().entities.workspace.get({ workspaceId }).go()).data;
    if (!item) throw new Error("workspace missing");
    expect(Plan.standingOf(item).plan).toBe("starter");
    expect(Plan.standingOf(item, new Date(Date.now() + 2 * 86_400_000).toISOString()).plan).toBe(
      "free",
    );
  });

  it("Enterprise custom limits replace the table's, on Enterprise only", async () => {
    const workspaceId = await workspace({
      plan: "enterprise",
      subscriptionStatus: "active",
      customLimits: { accounts: 1200 },
    });
    const standing = await Plan.standing(workspaceId);
    expect(standing.limits.accounts).toBe(1200);
    expect(standing.limits.members).toBe(Plan.table.enterprise.limits.members);
  });

  it("every plan allows at least what the one below it does", () => {
    for (let i = 1; i < planIds.length; i++) {
      const lower = Plan.table[planIds[i - 1] as Plan.Id];
      const upper = Plan.table[planIds[i] as Plan.Id];
      for (const [limit, value] of Object.entries(lower.limits)) {
        expect(upper.limits[limit as Plan.LimitName], limit).toBeGreaterThanOrEqual(value);
      }
      for (const [feature, open] of Object.entries(lower.features)) {
        if (open) expect(upper.features[feature as Plan.FeatureName], feature).toBe(true);
      }
    }
  });

  it("names the cheapest plan that allows one more, or opens a feature", () => {
    expect(cheapestWithLimit("accounts", 4)).toBe("starter");
    expect(cheapestWithLimit("accounts", 11)).toBe("pro");
    expect(cheapestWithFeature("webhooks")).toBe("pro");
    expect(cheapestWithFeature("api")).toBe("starter");
  });

  it("sizes and limits read as people say them", () => {
    expect(Plan.formatBytes(50 * 1024 * 1024)).toBe("50 MB");
    expect(Plan.formatBytes(5 * 1024 ** 3)).toBe("5 GB");
    expect(Plan.formatBytes(1536)).toBe("1.5 KB");
    expect(formatLimit("storageBytes", 1024 ** 3)).toBe("1 GB of media storage");
    expect(formatLimit("accounts", 3)).toBe("3 connected social accounts");
  });
});
