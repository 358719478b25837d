import * as z from "zod";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { assertRole } from "../actor/index.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { VisibleError } from "../error/index.ts";
import { queueHorizonDays } from "../schedule/slots.ts";
import { Target } from "../target/index.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";

/** An account's queue: what it will post next, and reordering it between the taken slots. */
export namespace Queue {
  /**
   * The moves that put the named queued targets in the given order: they keep the same set of
   * times, the first named taking the earliest; a target already at its new time stays put.
   * Every id must be queued, and named once.
   */
  export function reorderMoves<T extends Pick<TargetItem, "targetId" | "dueAt">>(
    queued: T[],
    targetIds: string[],
  ): { target: T; dueAt: string }[] {
    const byId = new Map(queued.map((t) => [t.targetId, t]));
    const chosen = targetIds.map((id, index) => {
      const target = byId.get(id);
      if (!target) {
        throw new VisibleError(
          "not_in_queue",
          "Every id must be a post waiting in this account's queue; reload the queue and try again.",
          `targetIds[${index}]`,
        );
      }
      return target;
    });
    if (new Set(targetIds).size !== targetIds.length) {
      throw new VisibleError("duplicate_target", "Name each queued post once.", "targetIds");
    }
    const times = chosen.map((t) => t.dueAt as string).sort();
    return chosen
      .map((target, index) => ({ target, dueAt: times[index] as string }))
      .filter(({ target, dueAt }) => target.dueAt !== dueAt);
  }

  const waiting = (t: TargetItem) => t.state === "scheduled" || t.state === "pending_approval";

  export async function upcoming(accountId: string): Promise<TargetItem[]> {
    assertRole("viewer");
    await Account.load(accountId);
    const now = new Date();
    const until = new Date(now.getTime() + queueHorizonDays * 86_400_000);
    return (await Account.targetsBetween(accountId, now.toISOString(), until.toISOString())).filter(
      waiting,
    );
  }

  export const ReorderInput = z.object({
    accountId: z.string().min(1),
    targetIds: z.array(z.string().min(1)).min(2, "name at least two queued posts").max(200),
  });

  /**
   * The named targets keep the same set of times, handed out in the new order: the first named
   * takes the earliest of their times. Each moved target gets a new version and schedule.
   */
  export const reorder = fn(ReorderInput, async ({ accountId, targetIds }) => {
    assertRole("editor");
    const moves = reorderMoves(await upcoming(accountId), targetIds);
    const written = await Target.commit(
      undefined,
      moves.map(({ target, dueAt }) => ({ kind: "move", before: target, to: target.state, dueAt })),
    );
    if (!written) {
      throw new VisibleError(
        "changed_meanwhile",
        "The queue changed while you were reordering it (a post went out, or someone moved one). Reload the queue and try again.",
      );
    }
    await Activity.record({
      action: "queue.reordered",
      subjectType: "account",
      subjectId: accountId,
      summary: `Reordered the queue (${moves.length} post${moves.length === 1 ? "" : "s"} moved)`,
    });
    return upcoming(accountId);
  });
}
