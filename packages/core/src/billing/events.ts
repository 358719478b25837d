import type Stripe from "stripe";
import { Activity } from "../activity/index.ts";
import { withActor } from "../actor/index.ts";
import { unlessConditionFails } from "../db/condition.ts";
import type { WorkspaceItem } from "../db/entities/workspace.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logInfo } from "../log/index.ts";
import { sendMail } from "../mail/index.ts";
import { Plan } from "../plan/index.ts";
import { fitAccountsToPlan } from "./pause.ts";
import { planOfLookupKey, stripe, webhookSecret } from "./stripe.ts";

/** How long a past-due workspace keeps its plan while Stripe retries the payment. */
export const graceDays = 7;

type Status = NonNullable<WorkspaceItem["subscriptionStatus"]>;

function statusOf(subscription: Stripe.Subscription, deleted: boolean): Status | undefined {
  if (deleted) return "canceled";
  switch (subscription.status) {
    case "trialing":
      return "trialing";
    case "active":
      return "active";
    case "past_due":
    case "unpaid":
      return "past_due";
    case "canceled":
    case "incomplete_expired":
      return "canceled";
    default:
      // Incomplete or paused: the first payment has not gone through; nothing changes yet.
      return undefined;
  }
}

export interface Received {
  eventId: string;
  type: string;
  /** False when the event was applied before (a repeated delivery). */
  applied: boolean;
}

/**
 * A Stripe webhook delivery: verified with the SDK against the endpoint's signing secret (a
 * forged or altered body answers 401), applied in the order of its subscription's changes, and
 * its effects (activity, mail, pausing accounts) run once per event id.
 */
export async function receiveStripeEvent(
  rawBody: string,
  signature: string | undefined,
): Promise<Received> {
  let event: Stripe.Event;
  try {
    event = await (await stripe()).webhooks.constructEventAsync(
      rawBody,
      signature ?? "",
      webhookSecret(),
    );
  } catch (error) {
    if ((error as { type?: string }).type === "StripeSignatureVerificationError") {
      throw new VisibleError(
        "webhook_signature_invalid",
        "The Stripe-Signature header does not match this body: send the event exactly as Stripe signed it, to the endpoint whose signing secret is configured.",
      );
    }
    throw error;
  }
  const effects = await apply(event);
  const marked = await unlessConditionFails(
    db()
      .entities.billingEvent.create({
        eventId: event.id,
        type: event.type,
        workspaceId: effects?.workspaceId,
        receivedAt: new Date().toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) + 30 * 86_400,
      })
      .go(),
  );
  if (!marked) return { eventId: event.id, type: event.type, applied: false };
  if (effects) {
    await withActor(
      { type: "system", job: "stripe-webhook", workspace: { workspaceId: effects.workspaceId } },
      effects.run,
    );
  }
  logInfo("stripe event applied", { eventId: event.id, type: event.type });
  return { eventId: event.id, type: event.type, applied: true };
}

interface Effects {
  workspaceId: string;
  run: () => Promise<void>;
}

/** Writes what the event says (idempotent); answers the effects to run once. */
async function apply(event: Stripe.Event): Promise<Effects | undefined> {
  switch (event.type) {
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return applySubscription(event, event.data.object, event.type.endsWith("deleted"));
    case "checkout.session.completed":
      return applyCheckout(event.data.object);
    case "invoice.payment_failed":
    case "invoice.paid":
      return invoiceEffects(event.data.object, event.type === "invoice.paid");
    default:
      return undefined;
  }
}

async function workspaceOf(workspaceId: string | undefined): Promise<WorkspaceItem | undefined> {
  if (!workspaceId) return undefined;
  return (await db().entities.workspace.get({ workspaceId }).go()).data ?? undefined;
}

/**
 * Stripe does not deliver events in order, events of one second cannot be ordered by their
 * `created`, and a subscription carries no version of its own. So the event only says which
 * subscription changed: its current state is fetched from Stripe and applied, and an event
 * older than the last one applied is skipped by the write's condition (a slow delivery that
 * fetched before a newer one cannot overwrite it).
 */
async function applySubscription(
  event: Stripe.Event,
  changed: Stripe.Subscription,
  deleted: boolean,
): Promise<Effects | undefined> {
  const subscription = await (await stripe()).subscriptions.retrieve(changed.id);
  const workspace = await workspaceOf(subscription.metadata?.workspaceId);
  const status = statusOf(subscription, deleted && subscription.status === "canceled");
  if (!workspace || !status) return undefined;
  // An older subscription ending after its replacement began says nothing about this one.
  if (workspace.stripeSubscriptionId && workspace.stripeSubscriptionId !== subscription.id) {
    if (event.type !== "customer.subscription.created") return undefined;
  }
  const item = subscription.items.data[0];
  const plan = planOfLookupKey(item?.price.lookup_key) ?? workspace.plan ?? "free";
  const rank = String(event.created).padStart(12, "0");
  const before = Plan.standingOf(workspace);
  const graceEndsAt =
    status !== "past_due"
      ? undefined
      : workspace.subscriptionStatus === "past_due" && workspace.graceEndsAt
        ? workspace.graceEndsAt
        : new Date((event.created + graceDays * 86_400) * 1000).toISOString();
  const written = await unlessConditionFails(
    db()
      .entities.workspace.patch({ workspaceId: workspace.workspaceId })
      .set({
        plan,
        subscriptionStatus: status,
        stripeSubscriptionId: subscription.id,
        stripeCustomerId:
          typeof subscription.customer === "string"
            ? subscription.customer
            : subscription.customer.id,
        cancelAtPeriodEnd: subscription.cancel_at_period_end,
        subscriptionRank: rank,
        ...(item
          ? { currentPeriodEnd: new Date(item.current_period_end * 1000).toISOString() }
          : {}),
        ...(graceEndsAt ? { graceEndsAt } : {}),
      })
      .remove(graceEndsAt ? [] : ["graceEndsAt"])
      // Not older than the change applied last: an event arriving late is skipped.
      .where(
        (attr, op) =>
          `${op.notExists(attr.subscriptionRank)} OR ${op.lte(attr.subscriptionRank, rank)}`,
      )
      .go({ response: "all_new" }),
  );
  if (!written) return undefined;
  const after = Plan.standingOf(written.data as WorkspaceItem);
  return {
    workspaceId: workspace.workspaceId,
    run: async () => {
      await Activity.record({
        action: "billing.subscription_changed",
        subjectType: "workspace",
        subjectId: workspace.workspaceId,
        summary: `Subscription ${status.replace("_", " ")} on ${Plan.table[plan].name}${after.plan !== before.plan ? `; the ${Plan.table[after.plan].name} plan applies now` : ""}`,
        data: { eventId: event.id, status, plan, effectivePlan: after.plan },
      });
      if (after.plan !== before.plan || after.limits.accounts !== before.limits.accounts) {
        await fitAccountsToPlan();
      }
      if (status === "past_due" && before.status !== "past_due") {
        await mailOwners(
          workspace,
          `Payment for ${workspace.name} on Cadence failed`,
          `Stripe could not take the payment for the ${Plan.table[plan].name} plan of “${workspace.name}”. The plan stays in place until ${graceEndsAt?.slice(0, 10)}; update the card on the billing page before then, or the workspace moves to Free (nothing is deleted: accounts over its limit are paused).`,
        );
      }
    },
  };
}

async function applyCheckout(session: Stripe.Checkout.Session): Promise<Effects | undefined> {
  const workspace = await workspaceOf(session.client_reference_id ?? undefined);
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  if (!workspace || !customer) return undefined;
  await db()
    .entities.workspace.patch({ workspaceId: workspace.workspaceId })
    .set({ stripeCustomerId: customer })
    .go();
  return {
    workspaceId: workspace.workspaceId,
    run: () =>
      Activity.record({
        action: "billing.checkout_completed",
        subjectType: "workspace",
        subjectId: workspace.workspaceId,
        summary: "Completed checkout",
        data: { sessionId: session.id },
      }),
  };
}

async function invoiceEffects(
  invoice: Stripe.Invoice,
  paid: boolean,
): Promise<Effects | undefined> {
  const customer = typeof invoice.customer === "string" ? invoice.customer : invoice.customer?.id;
  const workspaceId = invoice.parent?.subscription_details?.metadata?.workspaceId;
  const workspace = await workspaceOf(workspaceId);
  if (!workspace || workspace.stripeCustomerId !== customer) return undefined;
  const amount = `${(invoice.amount_due / 100).toFixed(2)} ${invoice.currency.toUpperCase()}`;
  return {
    workspaceId: workspace.workspaceId,
    run: () =>
      Activity.record({
        action: paid ? "billing.invoice_paid" : "billing.payment_failed",
        subjectType: "workspace",
        subjectId: workspace.workspaceId,
        summary: paid ? `Paid invoice of ${amount}` : `A payment of ${amount} failed`,
        data: { invoiceId: invoice.id },
      }),
  };
}

async function mailOwners(workspace: WorkspaceItem, subject: string, text: string): Promise<void> {
  const members = await db()
    .entities.member.query.byWorkspace({ workspaceId: workspace.workspaceId })
    .go({ pages: "all" });
  for (const owner of members.data.filter((member) => member.role === "owner")) {
    await sendMail({ to: owner.email, subject, text, workspaceId: workspace.workspaceId });
  }
}
