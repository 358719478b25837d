import { client, ok, type Schema } from "../lib/api.ts";
import { byId, h, notify, showContent, showError, showLoading } from "../lib/dom.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";

type Billing = Schema<"Billing">;
type PlanId = Billing["plan"];

const statusText: Record<Billing["status"], string> = {
  none: "No subscription",
  trialing: "Trial",
  active: "Active",
  past_due: "Payment failed",
  canceled: "Canceled",
};

const day = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: "long" }) : "";

function amount(value: number, unit: Billing["limits"][number]["unit"]): string {
  if (unit !== "bytes") return value.toLocaleString();
  const gb = value / 1024 ** 3;
  return gb >= 1 ? `${Number(gb.toFixed(1))} GB` : `${Math.round(value / 1024 ** 2)} MB`;
}

async function load(context: AppContext): Promise<Billing> {
  const { data } = await ok(
    client.GET("/workspaces/{workspaceId}/billing", {
      params: { path: { workspaceId: context.workspaceId } },
    }),
  );
  return data;
}

function banner(billing: Billing): HTMLElement | string {
  if (billing.status === "past_due") {
    return h(
      "div",
      { class: "alert alert-warning", id: "grace-banner" },
      `The last payment failed. The ${billing.planName} plan stays until ${day(billing.graceEndsAt)}; update the card in the billing portal before then.`,
    );
  }
  if (billing.status === "trialing" && !billing.hasSubscription) {
    return h(
      "div",
      { class: "alert alert-warning" },
      `You are trying ${billing.planName} until ${day(billing.trialEndsAt)}. Choose a plan to keep it; without one the workspace moves to Free (nothing is deleted).`,
    );
  }
  return "";
}

function render(context: AppContext, billing: Billing): void {
  const owner = context.role === "owner";
  showContent(byId("billing-notice"), banner(billing));
  showContent(
    byId("plan"),
    h(
      "p",
      null,
      h("strong", { id: "plan-name" }, billing.planName),
      ` — ${statusText[billing.status]}`,
      billing.currentPeriodEnd && billing.status === "active"
        ? `, renews ${day(billing.currentPeriodEnd)}`
        : "",
    ),
    owner && billing.hasSubscription
      ? h(
          "button",
          { class: "btn btn-secondary", type: "button", onclick: () => portal(context) },
          "Cards, invoices and cancelling",
        )
      : owner
        ? ""
        : h("p", null, "Only owners manage billing."),
  );
  showContent(
    byId("usage"),
    h(
      "ul",
      { class: "plain-list", id: "meters" },
      billing.limits.map((limit) =>
        h(
          "li",
          { "data-limit": limit.limit },
          h("span", null, limit.label.charAt(0).toUpperCase() + limit.label.slice(1)),
          limit.used === null
            ? h("span", { class: "meter-text" }, ` ${amount(limit.max, limit.unit)}`)
            : [
                h("progress", { max: String(Math.max(1, limit.max)), value: String(limit.used) }),
                h(
                  "span",
                  { class: "meter-text" },
                  ` ${amount(limit.used, limit.unit)} of ${amount(limit.max, limit.unit)}`,
                ),
              ],
        ),
      ),
    ),
    h(
      "ul",
      { class: "plain-list", id: "features" },
      billing.features.map((feature) =>
        h(
          "li",
          { "data-feature": feature.feature },
          feature.included
            ? `✓ ${feature.label}`
            : `🔒 ${feature.label} — upgrade to ${billing.plans.find((p) => p.id === feature.requiredPlan)?.name}`,
        ),
      ),
    ),
  );
  byId("paused-card").hidden = billing.pausedAccounts.length === 0;
  showContent(
    byId("paused"),
    h(
      "ul",
      { class: "plain-list" },
      billing.pausedAccounts.map((account) =>
        h(
          "li",
          null,
          `${account.handle} (${account.network}) — ${account.heldPosts} held post${account.heldPosts === 1 ? "" : "s"}`,
        ),
      ),
    ),
  );
  showContent(
    byId("plans"),
    h(
      "div",
      { class: "plan-grid" },
      billing.plans.map((plan) =>
        h(
          "article",
          { class: "card", "data-plan": plan.id },
          h("h3", null, plan.name),
          h(
            "p",
            null,
            plan.monthlyCents === null ? "By contract" : `$${plan.monthlyCents / 100} a month`,
          ),
          h("p", null, `${plan.limits.accounts} accounts, ${plan.limits.members} members`),
          plan.id === billing.plan
            ? h("p", null, h("strong", null, "Your plan"))
            : owner && plan.selfServe && plan.id !== "free"
              ? h(
                  "button",
                  {
                    class: "btn btn-primary",
                    type: "button",
                    onclick: () => choose(context, plan.id),
                  },
                  `Choose ${plan.name}`,
                )
              : "",
        ),
      ),
    ),
  );
}

async function choose(context: AppContext, plan: PlanId): Promise<void> {
  const here = `${location.origin}/app/billing`;
  try {
    const { data } = await ok(
      client.POST("/workspaces/{workspaceId}/billing/checkout", {
        params: { path: { workspaceId: context.workspaceId } },
        body: { plan, successUrl: `${here}?paid=1`, cancelUrl: here },
      }),
    );
    if (data.url) location.assign(data.url);
    else notify("The plan is changing; this page updates when Stripe confirms it.");
  } catch (error) {
    showError(byId("billing-notice"), error);
  }
}

async function portal(context: AppContext): Promise<void> {
  try {
    const { data } = await ok(
      client.POST("/workspaces/{workspaceId}/billing/portal", {
        params: { path: { workspaceId: context.workspaceId } },
        body: { returnUrl: `${location.origin}/app/billing` },
      }),
    );
    location.assign(data.url);
  } catch (error) {
    showError(byId("billing-notice"), error);
  }
}

mountApp(async (context) => {
  const usage = byId("usage");
  showLoading(usage);
  try {
    let billing = await load(context);
    render(context, billing);
    // Back from Checkout: Stripe's webhook may arrive a moment after the person does.
    if (new URLSearchParams(location.search).has("paid")) {
      notify("Payment received. Your new plan applies as soon as Stripe confirms it.");
      const before = billing.plan;
      for (
        let attempt = 0;
        attempt < 20 && billing.plan === before && !billing.hasSubscription;
        attempt++
      ) {
        await new Promise((done) => setTimeout(done, 1000));
        billing = await load(context);
      }
      render(context, billing);
    }
  } catch (error) {
    showError(usage, error, () => location.reload());
  }
});
