import * as z from "zod";
import { useWorkspace } from "../actor/index.ts";
import type { WorkspaceItem } from "../db/entities/workspace.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import "../util/zod.ts";
import {
  formatBytes as bytesAsRead,
  cheapestWithFeature,
  cheapestWithLimit,
  type FeatureName as FeatureNameOf,
  featureLabels,
  featureNames,
  type LimitName as LimitNameOf,
  type Limits,
  limitNames,
  type PlanEntry,
  type PlanId,
  planIds,
  plans,
} from "./catalogue.ts";

/**
 * What a workspace's plan allows, and the one place that says no to what it does not. The
 * plans themselves are the table in plan/catalogue.ts; billing/ keeps the workspace's plan in
 * step with its Stripe subscription.
 */
export namespace Plan {
  export const Id = z.enum(planIds);
  export type Id = PlanId;
  export type LimitName = LimitNameOf;
  export type FeatureName = FeatureNameOf;
  export const Limit = z.enum(limitNames);
  export const Feature = z.enum(featureNames);
  export const table: Readonly<Record<Id, PlanEntry>> = plans;
  /** "50 MB", "1 GB": sizes as people read them. */
  export const formatBytes = bytesAsRead;

  /** Where a workspace stands: the plan it pays for or tries, and the one that applies now. */
  export interface Standing {
    /** The plan in effect: Free once a trial or grace period ran out or the subscription ended. */
    plan: Id;
    /** The plan subscribed to (or tried), whatever its state. */
    subscribedPlan: Id;
    status: NonNullable<WorkspaceItem["subscriptionStatus"]>;
    trialEndsAt: string | null;
    graceEndsAt: string | null;
    currentPeriodEnd: string | null;
    cancelAtPeriodEnd: boolean;
    limits: Limits;
    features: Record<FeatureNameOf, boolean>;
    hasSubscription: boolean;
  }

  /** The plan that applies to a workspace item at `now`. */
  export function standingOf(item: WorkspaceItem, now = new Date().toISOString()): Standing {
    // Items from before billing carry no plan: they stay on Free, as they always were.
    const subscribedPlan = item.plan ?? "free";
    const status = item.subscriptionStatus ?? "none";
    const lapsed =
      status === "canceled" ||
      status === "none" ||
      (status === "trialing" &&
        !item.stripeSubscriptionId &&
        item.trialEndsAt !== undefined &&
        item.trialEndsAt < now) ||
      (status === "past_due" && item.graceEndsAt !== undefined && item.graceEndsAt < now);
    const plan: Id = lapsed && subscribedPlan !== "enterprise" ? "free" : subscribedPlan;
    const custom = plan === "enterprise" ? (item.customLimits ?? {}) : {};
    return {
      plan,
      subscribedPlan,
      status,
      trialEndsAt: item.trialEndsAt ?? null,
      graceEndsAt: item.graceEndsAt ?? null,
      currentPeriodEnd: item.currentPeriodEnd ?? null,
      cancelAtPeriodEnd: item.cancelAtPeriodEnd ?? false,
      limits: { ...table[plan].limits, ...custom },
      features: table[plan].features,
      hasSubscription: item.stripeSubscriptionId !== undefined,
    };
  }

  export async function standing(workspaceId: string): Promise<Standing> {
    const item = (await db().entities.workspace.get({ workspaceId }).go()).data;
    if (!item) {
      throw new VisibleError(
        "workspace_not_found",
        "There is no such workspace, or you are not a member of it.",
      );
    }
    return standingOf(item);
  }

  /** The plan in effect for the workspace. */
  export async function ofWorkspace(workspaceId: string): Promise<Id> {
    return (await standing(workspaceId)).plan;
  }

  /** Refuses, with 402 and the plan that opens it, what the acting workspace's plan lacks. */
  export async function requireFeature(
    feature: FeatureNameOf,
    workspaceId = useWorkspace(),
  ): Promise<void> {
    const { plan, features } = await standing(workspaceId);
    if (features[feature]) return;
    throw featureLocked(feature, plan);
  }

  /**
   * Refuses a look further back than the plan's analytics history: `daysBack` counts from
   * today back to the first day asked for, that day included.
   */
  export async function requireHistory(workspaceId: string, daysBack: number): Promise<void> {
    const { plan, limits } = await standing(workspaceId);
    if (daysBack <= limits.analyticsDays) return;
    const requiredPlan = cheapestWithLimit("analyticsDays", daysBack);
    throw new VisibleError(
      "plan_limit_reached",
      `The ${table[plan].name} plan keeps ${limits.analyticsDays} days of analytics history and this period reaches ${daysBack} days back. Choose a later start${requiredPlan === plan ? "" : `, or upgrade to ${table[requiredPlan].name}, which keeps ${table[requiredPlan].limits.analyticsDays} days`}.`,
      "from",
      { limit: "analyticsDays", used: daysBack, max: limits.analyticsDays, plan, requiredPlan },
    );
  }

  /** Why a paused account's posts wait: the code and sentence a held target carries. */
  export function pausedReason(accountName: string): { code: "paused_account"; message: string } {
    return {
      code: "paused_account",
      message: `${accountName} is paused because the plan allows fewer connected accounts. Upgrade, or disconnect another account, and this post goes back on schedule.`,
    };
  }

  export function featureLocked(feature: FeatureNameOf, plan: Id): VisibleError {
    const requiredPlan = cheapestWithFeature(feature);
    return new VisibleError(
      "feature_not_in_plan",
      `${featureLabels[feature]} is not part of the ${table[plan].name} plan. Upgrade to ${table[requiredPlan].name} on the billing page to use it.`,
      undefined,
      { feature, plan, requiredPlan },
    );
  }
}
