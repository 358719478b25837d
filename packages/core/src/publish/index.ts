import type { PublishResult } from "@cadence/networks";
import { withActor } from "../actor/index.ts";
import { Approval } from "../approval/index.ts";
import { Credential } from "../credential/index.ts";
import type { AccountItem } from "../db/entities/account.ts";
import type { PostItem } from "../db/entities/post.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { logInfo } from "../log/index.ts";
import { Media } from "../media/index.ts";
import { adapterFor } from "../network/index.ts";
import { Plan } from "../plan/index.ts";
import { type PublishMessage, usePorts } from "../ports.ts";
import type { Overrides } from "../post/schema.ts";
import { type Reason, Target } from "../target/index.ts";
import { record as recordMetric } from "./metrics.ts";
import { classify } from "./outcome.ts";
import { takeBudget } from "./pacing.ts";
import { afterSuccess, failWaiting, missedReason, settleFailure } from "./settle.ts";

export { readPublishMessage } from "./message.ts";

/**
 * The publish consumer's work for one message: publish the target at most once, on time.
 *
 * 1. Stale or finished → nothing. Still waiting for approval at its time → fails, author told.
 * 2. Not yet due (the schedule fires early on purpose) → held in the queue until due.
 * 3. Missed its time beyond the workspace's late window → fails with that reason.
 * 4. Over the account's or app's posting budget → delayed to when the window reopens.
 * 5. Claimed with a conditional write on state and version, with a lease; a duplicate finds
 *    the claim taken. Only then is the network called, with an idempotency key.
 */
export namespace Publish {
  /** How long a claim holds before reconciliation may look at it. */
  export const leaseMs = Target.leaseMs;
  /** A message this close to its due time is published now rather than held again. */
  const earlyToleranceMs = 500;

  export type Result = "published" | "held" | "delayed" | "retrying" | "failed" | "ignored";

  /** The points where a worker can die; the chaos suite injects crashes there. */
  export type Step = "before_claim" | "after_claim" | "after_network";
  let stepHook: ((step: Step, targetId: string) => void) | undefined;

  /** Installs a function called at each step (it may throw to play a crash). Tests only. */
  export function onStep(hook: ((step: Step, targetId: string) => void) | undefined): void {
    stepHook = hook;
  }

  export const loadTarget = Target.load;

  export function process(message: PublishMessage, now = Date.now()): Promise<Result> {
    return withActor(
      { type: "system", job: "publish", workspace: { workspaceId: message.workspaceId } },
      () => run(message, now),
    );
  }

  async function run(message: PublishMessage, now: number): Promise<Result> {
    const target = await Target.load(message.workspaceId, message.targetId);
    if (!target || target.version !== message.version) return "ignored";
    if (target.state === "pending_approval") {
      if (Date.parse(target.dueAt) - now > earlyToleranceMs) return hold(message, target, now);
      return (await Approval.missed(target)) ? "failed" : "ignored";
    }
    if (target.state !== "scheduled") return "ignored";

    const dueMs = Date.parse(target.dueAt);
    if (dueMs - now > earlyToleranceMs) return hold(message, target, now);

    const missed = await missedReason(target, now);
    if (missed) return (await failWaiting(target, missed)) ? "failed" : "ignored";

    const account = (
      await db()
        .entities.account.get({ workspaceId: target.workspaceId, accountId: target.accountId })
        .go()
    ).data;
    if (account?.pausedByPlan) {
      // Paused by a downgrade after this was scheduled: held with the others, never lost.
      await Target.holdForAccount(target, Plan.pausedReason(account.displayName));
      return "ignored";
    }
    if (account?.status !== "active") {
      const reason: Reason = {
        code: "reconnect_needed",
        message: `${account?.displayName ?? "The account"} must be reconnected before Cadence can post to it${account?.statusReason ? `: ${account.statusReason}` : "."}`,
      };
      return (await failWaiting(target, reason)) ? "failed" : "ignored";
    }

    const pacing = await takeBudget(target.network, target.accountId, now);
    if (!pacing.allowed) return delay(target, pacing.retryAt, now);

    stepHook?.("before_claim", target.targetId);
    // Only a failed condition means "someone else has it"; throttling propagates and the
    // message comes back.
    const claimed = await Target.claim(target, now);
    if (!claimed) return "ignored";
    stepHook?.("after_claim", target.targetId);

    const post = (
      await db()
        .entities.post.get({ workspaceId: claimed.workspaceId, postId: claimed.postId })
        .go()
    ).data;
    let result: PublishResult;
    try {
      if (!post) throw new Error("post vanished while publishing");
      result = await callNetwork(claimed, account, post);
    } catch (error) {
      const outcome = classify(error, claimed.attempt);
      await settleFailure(claimed, outcome, now);
      return outcome.kind === "retry" ? "retrying" : "failed";
    }
    // The network has taken the post: this is its publish time, not when processing began.
    const acknowledgedAt = new Date().toISOString();
    stepHook?.("after_network", target.targetId);
    await afterSuccess(claimed, result, acknowledgedAt, post);
    recordMetric("PublishSucceeded", 1, claimed.network);
    recordMetric("PublishLagMs", Math.max(0, Date.now() - dueMs), claimed.network, "Milliseconds");
    return "published";
  }

  async function hold(message: PublishMessage, target: TargetItem, now: number): Promise<Result> {
    await usePorts().queue.send(message, (Date.parse(target.dueAt) - now) / 1000);
    return "held";
  }

  /** Over budget: the same target, a new version, due when the window reopens. */
  async function delay(target: TargetItem, retryAt: string, now: number): Promise<Result> {
    const postponed = await Target.postpone(target, retryAt);
    if (!postponed) return "ignored";
    logInfo("publish delayed by pacing", {
      workspaceId: target.workspaceId,
      targetId: target.targetId,
      retryAt,
      waitedMs: Date.parse(retryAt) - now,
    });
    return "delayed";
  }

  /** `account` and `post` are read once per message and reused when the result is recorded. */
  async function callNetwork(
    target: TargetItem,
    account: AccountItem,
    post: PostItem,
  ): Promise<PublishResult> {
    const overrides = target.overrides as Overrides;
    const adapter = adapterFor(target.network);
    const tokens = await Credential.tokensFor(target.workspaceId, target.accountId);
    const media = await Media.forPublishing(overrides.mediaIds ?? post.mediaIds, 15 * 60);
    const thread = overrides.thread
      ? await Promise.all(
          overrides.thread.map(async (part) => ({
            text: part.text,
            media: part.mediaIds?.length ? await Media.forPublishing(part.mediaIds, 15 * 60) : [],
          })),
        )
      : undefined;
    const text = overrides.text ?? post.text;
    const idempotencyKey = `${target.targetId}-o${target.occurrence}`;
    // A retry after an unclear failure (a timeout, a dropped connection) first asks the network
    // whether the earlier attempt went through, so it is never posted twice.
    if (target.attempt > 1 && adapter.findPost) {
      const since = new Date(Date.parse(target.dueAt) - 2 * 3_600_000).toISOString();
      const earlier = await adapter.findPost({
        tokens,
        accountId: account.externalId,
        idempotencyKey,
        text,
        since,
      });
      if (earlier) return earlier;
    }
    return adapter.publish({
      tokens,
      accountId: account.externalId,
      text,
      media,
      thread,
      firstComment: overrides.firstComment,
      options: { ...overrides, threadDelaySeconds: overrides.threadDelaySeconds },
      // Stable across retries of this occurrence, so a network that honours it posts once.
      idempotencyKey,
    });
  }
}
