import * as z from "zod";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { VisibleError } from "../error/index.ts";
import { Post } from "../post/index.ts";
import { postStatus } from "../post/status.ts";
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

  export const RemoveInput = z.object({
    accountId: z.string().min(1),
    targetId: z.string().min(1),
  });

  /**
   * Takes one post out of the account's queue: this account's copy is canceled, the post's other
   * accounts keep theirs. A post left with nothing to send is canceled whole, as Cancel does.
   */
  export const remove = fn(RemoveInput, async ({ accountId, targetId }) => {
    assertRole("editor");
    const queued = (await upcoming(accountId)).find((t) => t.targetId === targetId);
    if (!queued) {
      throw new VisibleError(
        "target_not_found",
        "That post is not waiting in this account's queue any more; reload the queue.",
      );
    }
    const { post, targets } = await Post.load(queued.postId);
    const target = targets.find((t) => t.targetId === targetId);
    const othersOpen = targets.some(
      (t) => t.targetId !== targetId && (t.state === "scheduled" || t.state === "pending_approval"),
    );
    if (!target || !waiting(target)) throw changedMeanwhile();
    if (othersOpen) {
      const states = targets.map((t) => (t.targetId === targetId ? "canceled" : t.state));
      const written = await Target.commit(
        ({ post: posts }) =>
          posts
            .patch({ workspaceId: useWorkspace(), postId: post.postId })
            .set({ status: postStatus(states) })
            .add({ version: 1 })
            .where((attr, op) => op.eq(attr.version, post.version))
            .commit(),
        [{ kind: "move", before: target, to: "canceled" }],
      );
      if (!written) throw changedMeanwhile();
    } else {
      await Post.cancel({ postId: post.postId });
    }
    const account = await Account.load(accountId);
    await Activity.record({
      action: "queue.removed",
      subjectType: "post",
      subjectId: post.postId,
      summary: `Took a post out of the queue of ${account.handle}`,
    });
    return upcoming(accountId);
  });

  const changedMeanwhile = () =>
    new VisibleError(
      "changed_meanwhile",
      "The queue changed meanwhile (the post went out, or someone moved it). Reload the queue and try again.",
    );
}
