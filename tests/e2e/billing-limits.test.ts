import { describe, expect, it } from "vitest";
import { connectAccount } from "../support/accounts.ts";
import { call, mailTo, signUp } from "../support/api.ts";
import { onPlan } from "../support/billing.ts";

type Problem = {
  code: string;
  detail: string;
  limit?: string;
  used?: number;
  max?: number;
  plan?: string;
  requiredPlan?: string;
  feature?: string;
};

async function connectThrough(owner: Awaited<ReturnType<typeof signUp>>, n: number) {
  return connectAccount(owner, owner.workspaceId, "mastodon", {
    handle: `acct-${n}-${Date.now()}`,
  });
}

describe("plan limits", () => {
  it("a new workspace tries Pro, and its billing page says so with the use of each limit", async () => {
    const owner = await signUp("limits-trial");
    const billing = await call<{
      plan: string;
      status: string;
      trialEndsAt: string;
      limits: { limit: string; used: number | null; max: number }[];
    }>("GET", `/workspaces/${owner.workspaceId}/billing`, { token: owner.accessToken });
    expect(billing.status, billing.text).toBe(200);
    expect(billing.body).toMatchObject({ plan: "pro", status: "trialing" });
    expect(billing.body.limits).toContainEqual({
      limit: "members",
      label: "team members",
      unit: "count",
      used: 1,
      max: 25,
    });
  });

  it("forty connects at once for Free's last account slot: exactly one succeeds, the rest answer 402", async () => {
    const owner = await signUp("limits-race");
    await onPlan(owner.workspaceId, "free");
    await connectThrough(owner, 1);
    await connectThrough(owner, 2);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => connectThrough(owner, 100 + i)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refusals = results.filter((r) => r.status === "rejected");
    expect(refusals).toHaveLength(39);
    for (const refusal of refusals) {
      expect((refusal as PromiseRejectedResult).reason).toMatchObject({
        code: "plan_limit_reached",
        status: 402,
        details: { limit: "accounts", max: 3, plan: "free", requiredPlan: "starter" },
      });
    }
    const accounts = await call<{ items: unknown[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/accounts`,
      { token: owner.accessToken },
    );
    expect(accounts.body.items).toHaveLength(3);

    // Disconnecting one gives its slot back: the next connect fits.
    const first = (accounts.body.items[0] as { id: string }).id;
    const removed = await call("DELETE", `/workspaces/${owner.workspaceId}/accounts/${first}`, {
      token: owner.accessToken,
    });
    expect(removed.status, removed.text).toBe(200);
    await expect(connectThrough(owner, 999)).resolves.toMatchObject({ network: "mastodon" });
    await expect(connectThrough(owner, 1000)).rejects.toMatchObject({ code: "plan_limit_reached" });
  });

  it("API keys: Free has none, Starter two; the 402 names the limit, the use and the plan", async () => {
    const owner = await signUp("limits-keys");
    const keys = `/workspaces/${owner.workspaceId}/api-keys`;
    await onPlan(owner.workspaceId, "free");
    const locked = await call<Problem>("POST", keys, {
      token: owner.accessToken,
      body: { name: "CI" },
    });
    expect(locked.status).toBe(402);
    expect(locked.headers.get("content-type")).toContain("application/problem+json");
    expect(locked.body).toMatchObject({
      code: "feature_not_in_plan",
      feature: "api",
      requiredPlan: "starter",
    });

    await onPlan(owner.workspaceId, "starter");
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call<{ id: string; key: string }>("POST", keys, {
          token: owner.accessToken,
          body: { name: `key ${i}` },
        }),
      ),
    );
    expect(made.filter((r) => r.status === 201)).toHaveLength(2);
    const refused = made.find((r) => r.status === 402) as unknown as { body: Problem };
    expect(refused.body).toMatchObject({
      code: "plan_limit_reached",
      limit: "apiKeys",
      used: 2,
      max: 2,
      plan: "starter",
      requiredPlan: "pro",
    });
    expect(refused.body.detail).toMatch(/Starter plan allows 2 API keys and this workspace uses 2/);

    // A key of a workspace that lost the API answers 402 instead of acting.
    const key = made.find((r) => r.status === 201)?.body.key ?? "";
    await onPlan(owner.workspaceId, "free");
    const withKey = await call<Problem>("GET", `/workspaces/${owner.workspaceId}/posts`, {
      token: key,
    });
    expect(withKey.status).toBe(402);
    expect(withKey.body.code).toBe("feature_not_in_plan");

    // Revoking frees a slot, once, however often it is asked.
    await onPlan(owner.workspaceId, "starter");
    const id = made.find((r) => r.status === 201)?.body.id;
    for (let i = 0; i < 3; i++) {
      await call("DELETE", `${keys}/${id}`, { token: owner.accessToken });
    }
    const billing = await call<{ limits: { limit: string; used: number }[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/billing`,
      { token: owner.accessToken },
    );
    expect(billing.body.limits.find((l) => l.limit === "apiKeys")?.used).toBe(1);
  });

  it("members: Free is one person; an invitation is refused up front, and joining checks again", async () => {
    const owner = await signUp("limits-members");
    const invite = (email: string) =>
      call<Problem>("POST", `/workspaces/${owner.workspaceId}/invitations`, {
        token: owner.accessToken,
        body: { email, role: "editor" },
      });
    const guest = await signUp("limits-guest");
    const invited = await invite(guest.email);
    expect(invited.status, invited.text).toBe(201);
    await onPlan(owner.workspaceId, "free");
    const refused = await invite("someone-else@example.com");
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({
      limit: "members",
      used: 1,
      max: 1,
      requiredPlan: "starter",
    });
    // The invitation sent while on Pro cannot take the workspace over Free's limit either.
    const [mail] = await mailTo(guest.email);
    const token = /token: (\S+)/.exec(mail?.text ?? "")?.[1];
    const accepted = await call<Problem>("POST", "/invitations/accept", {
      token: guest.accessToken,
      body: { token },
    });
    expect(accepted.status).toBe(402);
    expect(accepted.body.code).toBe("plan_limit_reached");
    await onPlan(owner.workspaceId, "starter");
    const again = await call("POST", "/invitations/accept", {
      token: guest.accessToken,
      body: { token },
    });
    expect(again.status, again.text).toBe(200);
  });

  it("features per plan: webhooks, autorepost and approval need Pro; best times need Starter", async () => {
    const owner = await signUp("limits-features");
    const ws = `/workspaces/${owner.workspaceId}`;
    const tryAll = async () => ({
      hook: await call<Problem>("POST", `${ws}/webhook-endpoints`, {
        token: owner.accessToken,
        body: { url: `${process.env.CADENCE_NETWORKS_URL}/_sandbox/callback` },
      }),
      approval: await call<Problem>("PATCH", ws, {
        token: owner.accessToken,
        headers: {
          "if-match": `"${(await call<{ version: number }>("GET", ws, { token: owner.accessToken })).body.version}"`,
        },
        body: { approvalRequired: true },
      }),
      bestTimes: await call<Problem>("GET", `${ws}/analytics/best-times`, {
        token: owner.accessToken,
      }),
    });
    await onPlan(owner.workspaceId, "free");
    const free = await tryAll();
    expect(free.hook.body).toMatchObject({
      code: "feature_not_in_plan",
      feature: "webhooks",
      requiredPlan: "pro",
    });
    expect(free.approval.body).toMatchObject({
      code: "feature_not_in_plan",
      feature: "approval",
      requiredPlan: "pro",
    });
    expect(free.bestTimes.body).toMatchObject({
      code: "feature_not_in_plan",
      feature: "bestTimes",
      requiredPlan: "starter",
    });
    for (const answer of Object.values(free)) expect(answer.status).toBe(402);

    await onPlan(owner.workspaceId, "starter");
    const starter = await tryAll();
    expect(starter.bestTimes.status).toBe(200);
    expect(starter.hook.status).toBe(402);
    expect(starter.approval.status).toBe(402);

    await onPlan(owner.workspaceId, "pro");
    const pro = await tryAll();
    expect(pro.hook.status, pro.hook.text).toBe(201);
    expect(pro.approval.status, pro.approval.text).toBe(200);
  });

  it("analytics history: Free looks back 30 days; a longer period answers 402 naming the plan that keeps it", async () => {
    const owner = await signUp("limits-history");
    await onPlan(owner.workspaceId, "free");
    const summary = (days: string) =>
      call<Problem>("GET", `/workspaces/${owner.workspaceId}/analytics/summary?days=${days}`, {
        token: owner.accessToken,
      });
    expect((await summary("30")).status).toBe(200);
    const longer = await summary("90");
    expect(longer.status).toBe(402);
    expect(longer.body).toMatchObject({
      limit: "analyticsDays",
      max: 30,
      used: 90,
      requiredPlan: "starter",
    });
  });

  it("Enterprise limits come from the contract, set by the operator", async () => {
    const owner = await signUp("limits-enterprise");
    const { Billing } = await import("@cadence/core/billing");
    const standing = await Billing.assign({
      workspaceId: owner.workspaceId,
      plan: "enterprise",
      customLimits: { accounts: 1 },
    });
    expect(standing.limits.accounts).toBe(1);
    await connectThrough(owner, 1);
    await expect(connectThrough(owner, 2)).rejects.toMatchObject({
      code: "plan_limit_reached",
      details: { plan: "enterprise", max: 1 },
    });
    const activity = await call<{ items: { action: string; summary: string }[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/activity`,
      { token: owner.accessToken },
    );
    expect(activity.body.items.map((i) => i.action)).toContain("billing.plan_set");
  });
});
