import type { Catalogue } from "./entry.ts";

/** Plans, their limits and features, and paying for them through Stripe. */
export const billingErrors = {
  plan_limit_reached: {
    status: 402,
    title: "The plan's limit is reached",
    fix: "Remove something the limit counts, or upgrade to the plan named in `requiredPlan` on the billing page.",
  },
  feature_not_in_plan: {
    status: 402,
    title: "The plan does not include this feature",
    fix: "Upgrade to the plan named in `requiredPlan` on the billing page to use it.",
  },
  plan_not_self_serve: {
    status: 400,
    title: "This plan is sold by contract",
    fix: "Choose Starter or Pro, or contact sales for Enterprise.",
  },
  already_on_plan: {
    status: 409,
    title: "Already on this plan",
    fix: "Choose another plan, or manage the current subscription through the billing portal.",
  },
  no_billing_account: {
    status: 409,
    title: "No subscription yet",
    fix: "Subscribe through checkout first; the portal manages an existing subscription.",
  },
  paused_account: {
    status: 402,
    title: "The account is paused by the plan",
    fix: "Upgrade the plan, or disconnect another account, to resume it.",
  },
} as const satisfies Catalogue;
