import * as z from "zod";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace, withActor } from "../actor/index.ts";
import { ignoreCondition } from "../db/condition.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import {
  cheapestWithFeature,
  featureLabels,
  featureNames,
  limitLabels,
  limitNames,
  planIds,
  plans,
} from "../plan/catalogue.ts";
import { Plan } from "../plan/index.ts";
import { Usage } from "../plan/usage.ts";
import { Site } from "../site/index.ts";
import "../util/zod.ts";
import { Workspace } from "../workspace/index.ts";
import { receiveStripeEvent } from "./events.ts";
import { choosePaused, fitAccountsToPlan } from "./pause.ts";
import { lookupKeyOf, stripe } from "./stripe.ts";

/**
 * The workspace's plan as its owner manages it: what it allows and uses, Stripe Checkout to
 * subscribe or change plan, the Customer Portal for cards, invoices and cancelling, and the
 * webhook that keeps the plan in step with the subscription.
 */
export namespace Billing {
  const Limit = z.object({
    limit: Plan.Limit,
    label: z.string(),
    unit: z.enum(["count", "bytes", "days"]),
    max: z.number(),
    /** What the workspace uses now; null for a limit that is a span (analytics history). */
    used: z.number().nullable(),
  });
  const Feature = z.object({
    feature: Plan.Feature,
    label: z.string(),
    included: z.boolean(),
    requiredPlan: Plan.Id,
  });
  const Offer = z.object({
    id: Plan.Id,
    name: z.string(),
    monthlyCents: z.number().nullable(),
    selfServe: z.boolean(),
    limits: z.record(Plan.Limit, z.number()),
    features: z.record(Plan.Feature, z.boolean()),
  });
  const PausedAccount = z.object({
    accountId: z.string(),
    handle: z.string(),
    network: z.string(),
    heldPosts: z.number(),
  });

  export const Overview = z.object({
    plan: Plan.Id,
    planName: z.string(),
    subscribedPlan: Plan.Id,
    status: z.enum(["none", "trialing", "active", "past_due", "canceled"]),
    trialEndsAt: z.string().nullable(),
    graceEndsAt: z.string().nullable(),
    currentPeriodEnd: z.string().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    hasSubscription: z.boolean(),
    limits: z.array(Limit),
    features: z.array(Feature),
    plans: z.array(Offer),
    pausedAccounts: z.array(PausedAccount),
  });
  export type Overview = z.infer<typeof Overview>;

  /** Any member sees the plan and its use: it explains what the product refuses them. */
  export async function overview(): Promise<Overview> {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const standing = await Plan.standing(workspaceId);
    const [used, accounts] = await Promise.all([
      Usage.all(workspaceId),
      db().entities.account.query.byWorkspace({ workspaceId }).go({ pages: "all" }),
    ]);
    const paused = accounts.data.filter((a) => a.pausedByPlan && a.status !== "disconnected");
    const heldCounts = await Promise.all(
      paused.map(async (account) => {
        const targets = await Account.targetsBetween(account.accountId, "0", "9");
        return targets.filter((target) => target.state === "held").length;
      }),
    );
    return {
      plan: standing.plan,
      planName: plans[standing.plan].name,
      subscribedPlan: standing.subscribedPlan,
      status: standing.status,
      trialEndsAt: standing.trialEndsAt,
      graceEndsAt: standing.graceEndsAt,
      currentPeriodEnd: standing.currentPeriodEnd,
      cancelAtPeriodEnd: standing.cancelAtPeriodEnd,
      hasSubscription: standing.hasSubscription,
      limits: limitNames.map((limit) => ({
        limit,
        label: limitLabels[limit].noun,
        unit: limitLabels[limit].unit,
        max: standing.limits[limit],
        used: limit in counted ? (used[limit] ?? 0) : null,
      })),
      features: featureNames.map((feature) => ({
        feature,
        label: featureLabels[feature],
        included: standing.features[feature],
        requiredPlan: cheapestWithFeature(feature),
      })),
      plans: planIds.map((id) => ({
        id,
        name: plans[id].name,
        monthlyCents: plans[id].monthlyCents ?? null,
        selfServe: plans[id].selfServe,
        limits: plans[id].limits,
        features: plans[id].features,
      })),
      pausedAccounts: paused.map((account, index) => ({
        accountId: account.accountId,
        handle: account.handle,
        network: account.network,
        heldPosts: heldCounts[index] ?? 0,
      })),
    };
  }

  /** The limits kept by a usage counter (the others are checked where they apply). */
  const counted = { accounts: true, members: true, apiKeys: true } as const;

  export const CheckoutInput = z.object({
    plan: Plan.Id,
    /** Pages of the Cadence site to come back to. */
    successUrl: z.string().url(),
    cancelUrl: z.string().url(),
  });

  /**
   * Owners only. Without a subscription: a Checkout Session for the plan's monthly price,
   * answered as the hosted page's URL. With one: the subscription moves to the new price
   * (prorated by Stripe), and its webhook changes the plan.
   */
  export async function checkout(
    input: z.input<typeof CheckoutInput>,
  ): Promise<{ url: string | null; changed: boolean }> {
    assertRole("owner");
    const parsed = CheckoutInput.parse(input);
    const { plan } = parsed;
    // Stripe sends the person back to these: only the site's own pages.
    const successUrl = Site.checkLink(parsed.successUrl, "successUrl") ?? "";
    const cancelUrl = Site.checkLink(parsed.cancelUrl, "cancelUrl") ?? "";
    const workspaceId = useWorkspace();
    if (!plans[plan].selfServe || plan === "free") {
      throw new VisibleError(
        "plan_not_self_serve",
        plan === "free"
          ? "Free needs no checkout: cancel the subscription in the billing portal instead."
          : `${plans[plan].name} is sold by contract; contact sales, or choose Starter or Pro.`,
        "plan",
      );
    }
    const workspace = await Workspace.get(workspaceId);
    const standing = await Plan.standing(workspaceId);
    const item = (await db().entities.workspace.get({ workspaceId }).go()).data;
    const live = standing.hasSubscription && standing.status !== "canceled";
    if (live && standing.subscribedPlan === plan) {
      throw new VisibleError(
        "already_on_plan",
        `This workspace already subscribes to ${plans[plan].name}.`,
        "plan",
      );
    }
    const prices = await (await stripe()).prices.list({
      lookup_keys: [lookupKeyOf(plan)],
      limit: 1,
    });
    const price = prices.data[0];
    if (!price) throw new Error(`no Stripe price has the lookup key ${lookupKeyOf(plan)}`);
    if (live && item?.stripeSubscriptionId) {
      const current = await (await stripe()).subscriptions.retrieve(item.stripeSubscriptionId);
      const first = current.items.data[0];
      await (await stripe()).subscriptions.update(
        item.stripeSubscriptionId,
        {
          items: [{ ...(first ? { id: first.id } : {}), price: price.id }],
          proration_behavior: "create_prorations",
          metadata: { workspaceId },
        },
        { idempotencyKey: `plan-change-${item.stripeSubscriptionId}-${plan}-${item.updatedAt}` },
      );
      await Activity.record({
        action: "billing.plan_change_requested",
        subjectType: "workspace",
        subjectId: workspaceId,
        summary: `Asked to move from ${plans[standing.subscribedPlan].name} to ${plans[plan].name}`,
      });
      return { url: null, changed: true };
    }
    const customer = item?.stripeCustomerId ?? (await createCustomer(workspaceId, workspace.name));
    const session = await (await stripe()).checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: workspaceId,
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: { metadata: { workspaceId } },
      success_url: successUrl,
      cancel_url: cancelUrl,
    });
    await Activity.record({
      action: "billing.checkout_started",
      subjectType: "workspace",
      subjectId: workspaceId,
      summary: `Started checkout for ${plans[plan].name}`,
    });
    return { url: session.url, changed: false };
  }

  async function createCustomer(workspaceId: string, name: string): Promise<string> {
    const customer = await (await stripe()).customers.create(
      { name, metadata: { workspaceId } },
      // A retried request finds the customer the first one made instead of a second one.
      { idempotencyKey: `customer-${workspaceId}` },
    );
    // Kept at once: the customer is the workspace's whatever happens to this checkout.
    await db()
      .entities.workspace.patch({ workspaceId })
      .set({ stripeCustomerId: customer.id })
      .where((attr, op) => op.notExists(attr.stripeCustomerId))
      .go()
      .catch(ignoreCondition);
    const item = (await db().entities.workspace.get({ workspaceId }).go()).data;
    return item?.stripeCustomerId ?? customer.id;
  }

  export const PortalInput = z.object({ returnUrl: z.string().url() });

  /** Owners only: the Customer Portal, for cards, invoices and cancelling. */
  export async function portal(input: z.input<typeof PortalInput>): Promise<{ url: string }> {
    assertRole("owner");
    const returnUrl = Site.checkLink(PortalInput.parse(input).returnUrl, "returnUrl") ?? "";
    const workspaceId = useWorkspace();
    const item = (await db().entities.workspace.get({ workspaceId }).go()).data;
    if (!item?.stripeCustomerId) throw new VisibleError("no_billing_account");
    const session = await (await stripe()).billingPortal.sessions.create({
      customer: item.stripeCustomerId,
      return_url: returnUrl,
    });
    await Activity.record({
      action: "billing.portal_opened",
      subjectType: "workspace",
      subjectId: workspaceId,
      summary: "Opened the billing portal",
    });
    return { url: session.url };
  }

  export const PauseInput = z.object({
    accountIds: z.array(z.string().min(1)).max(1000),
  });

  /** Owners only: which accounts stay paused while the plan allows fewer than are connected. */
  export async function choosePausedAccounts(input: z.input<typeof PauseInput>) {
    assertRole("owner");
    const { accountIds } = PauseInput.parse(input);
    const result = await choosePaused(accountIds);
    await Activity.record({
      action: "billing.paused_accounts_chosen",
      subjectType: "workspace",
      subjectId: useWorkspace(),
      summary: `Chose the paused accounts: ${result.paused.length} paused, ${result.resumed.length} resumed`,
      data: result,
    });
    return overview();
  }

  export const AssignInput = z.object({
    workspaceId: z.string().min(1),
    plan: Plan.Id,
    customLimits: z.partialRecord(Plan.Limit, z.number().int().min(0)).optional(),
  });

  /**
   * The operator's command (`pnpm plan:set`): puts a workspace on a plan outside Stripe, as for
   * an Enterprise contract, with limits over the table's; pauses or resumes accounts to fit.
   */
  export async function assign(input: z.input<typeof AssignInput>): Promise<Plan.Standing> {
    const { workspaceId, plan, customLimits } = AssignInput.parse(input);
    await Workspace.get(workspaceId);
    await db()
      .entities.workspace.patch({ workspaceId })
      .set({
        plan,
        subscriptionStatus: plan === "free" ? "none" : "active",
        customLimits: customLimits ?? {},
      })
      .remove(["trialEndsAt", "graceEndsAt"])
      .go();
    await withActor({ type: "system", job: "plan-set", workspace: { workspaceId } }, async () => {
      await Activity.record({
        action: "billing.plan_set",
        subjectType: "workspace",
        subjectId: workspaceId,
        summary: `An operator set the plan to ${plans[plan].name}${
          customLimits && Object.keys(customLimits).length
            ? ` with custom limits (${Object.entries(customLimits)
                .map(([k, v]) => `${k} ${v}`)
                .join(", ")})`
            : ""
        }`,
        data: { plan, customLimits },
      });
      await fitAccountsToPlan();
    });
    return Plan.standing(workspaceId);
  }

  export const receive = receiveStripeEvent;
}
