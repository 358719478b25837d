import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { postIdOf } from "../post/ids.ts";
import { graceMs as grace, leaseMs as lease } from "./fields.ts";
import { commitPosts, commitWithPost } from "./post-writes.ts";
import { transitions } from "./transitions.ts";

export { committed, isConditionFailure, unlessConditionFails } from "../db/condition.ts";
export { armedStates, type State } from "./fields.ts";
export { nextRun } from "./next-run.ts";
export type { NewTarget, TargetChange, TransactionEntities } from "./post-writes.ts";
export type { Reason } from "./transitions.ts";

/**
 * A post target's whole life. Only this module writes a target: each transition is one write
 * conditional on the state the caller read and its version, and answers undefined (or false)
 * when someone else moved the target first. Schedules follow the write that decided them.
 * docs/data-model.md has the table of states and transitions.
 */
export namespace Target {
  export const {
    claim,
    watchLease,
    succeed,
    retry,
    fail,
    hold,
    postpone,
    rearm,
    schedule,
    cancel,
    holdForAccount,
    release,
  } = transitions;
  export const leaseMs = lease;
  export const graceMs = grace;
  /** A post's change with its targets' transitions, in one transaction. */
  export const commit = commitWithPost;
  /** Several posts' changes with their targets' transitions, in one transaction. */
  export const commitMany = commitPosts;

  export async function load(
    workspaceId: string,
    targetId: string,
  ): Promise<TargetItem | undefined> {
    const postId = postIdOf(targetId);
    if (!postId) return undefined;
    return (
      (await db().entities.target.get({ workspaceId, postId, targetId }).go()).data ?? undefined
    );
  }
}
