import { Entity, type EntityItem } from "electrodb";
import { limitNames, planIds } from "../../plan/catalogue.ts";
import { service, timestamps } from "./common.ts";

/** A new workspace tries the top self-serve plan for this long before it needs a subscription. */
export const trialDays = 14;

export const subscriptionStatuses = ["none", "trialing", "active", "past_due", "canceled"] as const;

export const WorkspaceEntity = new Entity({
  model: { entity: "workspace", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    timeZone: { type: "string", required: true, default: "UTC" },
    /** Posts by editors wait for an owner or admin to approve them. */
    approvalRequired: { type: "boolean", required: true, default: false },
    /** A target that missed its time may still publish this many minutes late (0 = never). */
    latePublishWindowMinutes: { type: "number", required: true, default: 60 },
    personal: { type: "boolean", required: true, default: false },
    /**
     * Billing (plan/): the plan paid for or tried, and the subscription's state as Stripe last
     * told it. Items from before billing lack them and read as Free (Plan.ofWorkspace).
     */
    plan: { type: planIds, default: "pro" },
    subscriptionStatus: { type: subscriptionStatuses, default: "trialing" },
    trialEndsAt: {
      type: "string",
      default: () => new Date(Date.now() + trialDays * 86_400_000).toISOString(),
    },
    /** past_due: the plan holds until then; the billing page and a mail say so. */
    graceEndsAt: { type: "string" },
    currentPeriodEnd: { type: "string" },
    cancelAtPeriodEnd: { type: "boolean" },
    stripeCustomerId: { type: "string" },
    stripeSubscriptionId: { type: "string" },
    /**
     * The `created` (Unix seconds, zero-padded) of the newest Stripe event applied: an older
     * event arriving late is skipped by the write's condition (billing/events.ts).
     */
    subscriptionRank: { type: "string" },
    /** Enterprise contracts: limits an operator set, over the plan table's (plan:set). */
    customLimits: {
      type: "map",
      properties: Object.fromEntries(limitNames.map((name) => [name, { type: "number" }])) as {
        [K in (typeof limitNames)[number]]: { type: "number" };
      },
    },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: [], template: "workspace" },
    },
  },
});
export type WorkspaceItem = EntityItem<typeof WorkspaceEntity>;
