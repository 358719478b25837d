import { Activity } from "../activity/index.ts";
import { withActor } from "../actor/index.ts";
import { Approval } from "../approval/index.ts";
import { Credential } from "../credential/index.ts";
import { checkShards, type TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { adapterFor } from "../network/index.ts";
import { usePorts } from "../ports.ts";
import type { Overrides } from "../post/schema.ts";
import { Target } from "../target/index.ts";
import { refreshPostStatus } from "./post-status.ts";
import { afterSuccess, failWaiting, missedReason } from "./settle.ts";

export interface SweepResult {
  /** Lapsed claims the network confirmed. */
  published: number;
  needsReview: number;
  /** Waiting targets past due whose message was sent again. */
  rearmed: number;
  /** Waiting targets past the late window (or approval), failed with the reason. */
  missed: number;
  /** Live claims found at due plus grace, looked at again when their lease ends. */
  watching: number;
  /** Targets whose settling failed (a throttled write): still in the index, tried next run. */
  errors: number;
}

/**
 * The reconcile sweep: every target whose check time passed, from the sparse check index (a few
 * partitions across tenants, no scans). Two kinds are there:
 *
 * - `scheduled`/`pending_approval` past due plus grace: its message was lost, or a crash came
 *   between a write and its schedule. Within the late window its message is sent again (the
 *   consumer's claim keeps it to one publish); beyond, it fails as missed and the workspace is
 *   told.
 * - `publishing` at due plus grace with its lease still running: moved to the lease's end.
 * - `publishing` past its lease: a worker died between calling the network and recording the
 *   result. Where the network can look the post up it is recorded as published; otherwise it
 *   is marked `needs_review` — never posted a second time blindly.
 */
export async function reconcile(now = Date.now()): Promise<SweepResult> {
  const result: SweepResult = {
    published: 0,
    needsReview: 0,
    watching: 0,
    rearmed: 0,
    missed: 0,
    errors: 0,
  };
  for (let shard = 0; shard < checkShards; shard += 1) {
    const due = await db()
      .entities.target.query.byCheck({ checkShard: String(shard) })
      .lt({ checkAt: new Date(now).toISOString() })
      // The index projects keys only: hydrate reads each item by its primary key.
      .go({ pages: "all", hydrate: true });
    for (const target of due.data) {
      try {
        await withActor(
          { type: "system", job: "reconcile", workspace: { workspaceId: target.workspaceId } },
          () => settle(target, now, result),
        );
      } catch (error) {
        // One target's failure (a throttled write) must not stop the sweep for the others. If
        // its transition did not commit it is still in the index and the next run tries again.
        result.errors += 1;
        logWarn("the sweep could not settle a target; the next run tries again", {
          workspaceId: target.workspaceId,
          targetId: target.targetId,
          error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
        });
      }
    }
  }
  if (Object.values(result).some(Boolean)) logInfo("reconciled targets", { ...result });
  return result;
}

async function settle(target: TargetItem, now: number, result: SweepResult): Promise<void> {
  if (target.state === "publishing" && Date.parse(target.leaseUntil) > now) {
    // Claimed and still within its lease: the claim left it at due plus grace.
    if (await Target.watchLease(target)) result.watching += 1;
    return;
  }
  if (target.state === "publishing") {
    if ((await lookUp(target)) === "published") result.published += 1;
    else result.needsReview += 1;
    return;
  }
  if (target.state === "pending_approval") {
    if (await Approval.missed(target)) result.missed += 1;
    return;
  }
  if (target.state !== "scheduled") return;
  const missed = await missedReason(target, now);
  if (missed) {
    if (await failWaiting(target, missed)) result.missed += 1;
    return;
  }
  // The write first, so two sweeps do not both send; the message after it commits.
  const rearmed = await Target.rearm(target, now);
  if (!rearmed) return;
  const { workspaceId, targetId, version } = target;
  await usePorts().queue.send({ workspaceId, targetId, version }, 0);
  result.rearmed += 1;
}

async function lookUp(target: TargetItem): Promise<"published" | "needs_review"> {
  const claimedAt = new Date(Date.parse(target.leaseUntil) - Target.leaseMs - 60_000).toISOString();
  try {
    const adapter = adapterFor(target.network);
    if (adapter.findPost) {
      const post = (
        await db()
          .entities.post.get({ workspaceId: target.workspaceId, postId: target.postId })
          .go()
      ).data;
      const account = (
        await db()
          .entities.account.get({ workspaceId: target.workspaceId, accountId: target.accountId })
          .go()
      ).data;
      const tokens = await Credential.tokensFor(target.workspaceId, target.accountId);
      const found = await adapter.findPost({
        tokens,
        accountId: account?.externalId ?? "",
        idempotencyKey: `${target.targetId}-o${target.occurrence}`,
        text: (target.overrides as Overrides).text ?? post?.text ?? "",
        since: claimedAt,
      });
      if (found) {
        // The network's own time is not known here; the moment it was found is the closest.
        await afterSuccess(target, found, new Date().toISOString(), post ?? undefined);
        return "published";
      }
    }
  } catch (error) {
    logWarn("could not look a stuck target up on its network", {
      targetId: target.targetId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  const held = await Target.hold(target, {
    code: "outcome_unknown",
    message: `Cadence lost track of this post while publishing to ${target.network}. Check the account: if the post is not there, retry it.`,
  });
  if (!held) return "needs_review";
  await refreshPostStatus(target.workspaceId, target.postId);
  await Activity.record({
    workspaceId: target.workspaceId,
    action: "target.needs_review",
    subjectType: "post",
    subjectId: target.postId,
    summary: `Publishing to ${target.network} may or may not have happened; it needs a look`,
  });
  return "needs_review";
}
