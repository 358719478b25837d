import { committed } from "../db/condition.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { cheapestWithLimit, formatLimit, type LimitName, plans } from "./catalogue.ts";
import { Plan } from "./index.ts";

type Service = ReturnType<typeof db>;
type WriteBuilder = Parameters<Service["transaction"]["write"]>[0];
type Entities = Parameters<WriteBuilder>[0];
type Commit = ReturnType<WriteBuilder>[number];

/**
 * Counted limits (connected accounts, members, API keys): a counter per workspace and limit,
 * changed in the same transaction as the write it guards, so the count and the things counted
 * never disagree and two requests for the last slot cannot both pass.
 */
export namespace Usage {
  /**
   * Runs `writes` with the limit's counter incremented under the condition `used < limit`.
   * Throws `plan_limit_reached` when the plan is full; answers false when only one of the
   * caller's own conditions refused (someone else got there first), true when it committed.
   */
  export async function take(
    workspaceId: string,
    limit: LimitName,
    writes: (entities: Entities) => Commit[],
  ): Promise<boolean> {
    const standing = await Plan.standing(workspaceId);
    const max = standing.limits[limit];
    if (max <= 0) throw limitReached(limit, standing.plan, 0, max);
    const result = await db()
      .transaction.write((entities) => [
        entities.usage
          .update({ workspaceId, limit })
          .add({ used: 1 })
          .where((attr, op) => `${op.notExists(attr.used)} OR ${op.lt(attr.used, max)}`)
          .commit(),
        ...writes(entities),
      ])
      .go();
    if (!result.canceled) return true;
    const [counter] = result.data as { code?: string }[];
    if (counter?.code === "ConditionalCheckFailed") {
      throw limitReached(limit, standing.plan, await used(workspaceId, limit), max);
    }
    return committed(result);
  }

  /**
   * Runs `writes` with the counter decremented: what they remove no longer counts. Answers
   * false when the caller's own condition refused (it was already removed), true otherwise.
   */
  export async function give(
    workspaceId: string,
    limit: LimitName,
    writes: (entities: Entities) => Commit[],
  ): Promise<boolean> {
    const result = await db()
      .transaction.write((entities) => [
        // An item counted before the counter existed may take it below zero: it stops at zero.
        entities.usage
          .update({ workspaceId, limit })
          .add({ used: -1 })
          .where((attr, op) => op.gt(attr.used, 0))
          .commit(),
        ...writes(entities),
      ])
      .go();
    if (!result.canceled) return true;
    const [counter, ...rest] = result.data as { code?: string }[];
    if (counter?.code === "ConditionalCheckFailed" && rest.every((r) => r.code === "None")) {
      // The counter was already at zero: do the removal alone.
      return committed(await db().transaction.write(writes).go());
    }
    return committed(result);
  }

  /** How much of one limit the workspace uses now. */
  export async function used(workspaceId: string, limit: LimitName): Promise<number> {
    const item = (await db().entities.usage.get({ workspaceId, limit }).go()).data;
    return Math.max(0, item?.used ?? 0);
  }

  /** Every counted limit's use. */
  export async function all(workspaceId: string): Promise<Partial<Record<LimitName, number>>> {
    const items = await db().entities.usage.query.byWorkspace({ workspaceId }).go({ pages: "all" });
    return Object.fromEntries(items.data.map((item) => [item.limit, Math.max(0, item.used)]));
  }

  /** The 402 that names the limit, the current use and the plan that allows one more. */
  export function limitReached(
    limit: LimitName,
    plan: Plan.Id,
    current: number,
    max: number,
  ): VisibleError {
    const requiredPlan = cheapestWithLimit(limit, current + 1);
    const upgrade =
      requiredPlan === plan
        ? "Remove one first, or ask us about Enterprise limits."
        : `Remove one first, or upgrade to ${plans[requiredPlan].name}, which allows ${formatLimit(limit, plans[requiredPlan].limits[limit])}.`;
    return new VisibleError(
      "plan_limit_reached",
      `The ${plans[plan].name} plan allows ${formatLimit(limit, max)} and this workspace uses ${current}. ${upgrade}`,
      undefined,
      { limit, used: current, max, plan, requiredPlan },
    );
  }
}
