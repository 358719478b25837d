import type { PublishResult } from "@cadence/networks";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { withActor } from "../actor/index.ts";
import { Approval } from "../approval/index.ts";
import { Credential } from "../credential/index.ts";
import type { AccountItem } from "../db/entities/account.ts";
import { leaseShards, type TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { Media } from "../media/index.ts";
import { adapterFor } from "../network/index.ts";
import { type PublishMessage, usePorts } from "../ports.ts";
import { postIdOf } from "../post/ids.ts";
import type { Overrides } from "../post/schema.ts";
import { shardOf } from "../util/id.ts";
import { record as recordMetric } from "./metrics.ts";
import { classify, type Outcome } from "./outcome.ts";
import { takeBudget } from "./pacing.ts";
import { afterSuccess, finishTarget } from "./settle.ts";

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
  /**
   * How long a claim holds before reconciliation may look at it: longer than the consumer's
   * 10-minute timeout (infra/publish.ts), so a slow video upload is never settled while its
   * worker still runs.
   */
  export const leaseMs = 12 * 60_000;
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

  export async function loadTarget(
    workspaceId: string,
    targetId: string,
  ): Promise<TargetItem | undefined> {
    const postId = postIdOf(targetId);
    if (!postId) return undefined;
    return (
      (await db().entities.target.get({ workspaceId, postId, targetId }).go()).data ?? undefined
    );
  }

  export function process(message: PublishMessage, now = Date.now()): Promise<Result> {
    return withActor(
      { type: "system", job: "publish", workspace: { workspaceId: message.workspaceId } },
      () => run(message, now),
    );
  }

  async function run(message: PublishMessage, now: number): Promise<Result> {
    const target = await loadTarget(message.workspaceId, message.targetId);
    if (!target || target.version !== message.version) return "ignored";
    if (target.state === "pending_approval") {
      if (Date.parse(target.dueAt) - now > earlyToleranceMs) return hold(message, target, now);
      await Approval.missed(target);
      return "failed";
    }
    if (target.state !== "scheduled") return "ignored";

    const dueMs = Date.parse(target.dueAt);
    if (dueMs - now > earlyToleranceMs) return hold(message, target, now);

    const lateMs = now - dueMs;
    if (lateMs > 5 * 60_000) {
      const workspace = (
        await db().entities.workspace.get({ workspaceId: target.workspaceId }).go()
      ).data;
      const windowMs = (workspace?.latePublishWindowMinutes ?? 0) * 60_000;
      if (lateMs > windowMs) {
        await finishTarget(target, {
          kind: "failed",
          code: "missed_window",
          message: `It was due ${Math.round(lateMs / 60_000)} minutes ago, beyond the workspace's late-publish window of ${windowMs / 60_000} minutes. Reschedule it.`,
          reconnect: false,
        });
        return "failed";
      }
    }

    const account = (
      await db()
        .entities.account.get({ workspaceId: target.workspaceId, accountId: target.accountId })
        .go()
    ).data;
    if (account?.status !== "active") {
      await finishTarget(target, {
        kind: "failed",
        code: "reconnect_needed",
        message: `${account?.displayName ?? "The account"} must be reconnected before Cadence can post to it${account?.statusReason ? `: ${account.statusReason}` : "."}`,
        reconnect: false,
      });
      return "failed";
    }

    const pacing = await takeBudget(target.network, target.accountId, now);
    if (!pacing.allowed) return delay(target, pacing.retryAt, now);

    stepHook?.("before_claim", target.targetId);
    const claimed = await claim(target, now);
    if (!claimed) return "ignored";
    stepHook?.("after_claim", target.targetId);

    let result: PublishResult;
    try {
      result = await callNetwork(claimed, account);
    } catch (error) {
      const outcome = classify(error, claimed.attempt);
      await settleFailure(claimed, outcome, now);
      return outcome.kind === "retry" ? "retrying" : "failed";
    }
    stepHook?.("after_network", target.targetId);
    await afterSuccess(claimed, result, now);
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
    const { workspaceId, postId, targetId } = target;
    const updated = await db()
      .entities.target.patch({ workspaceId, postId, targetId })
      .set({ dueAt: retryAt, dueMonth: retryAt.slice(0, 7), accountId: target.accountId })
      .add({ version: 1 })
      .where(
        (attr, op) =>
          `${op.eq(attr.version, target.version)} AND ${op.eq(attr.state, "scheduled")}`,
      )
      .go({ response: "all_new" })
      .catch(() => undefined);
    if (!updated?.data) return "ignored";
    await usePorts().scheduler.schedule({
      workspaceId,
      targetId,
      version: target.version + 1,
      dueAt: retryAt,
    });
    logInfo("publish delayed by pacing", {
      workspaceId,
      targetId,
      retryAt,
      waitedMs: Date.parse(retryAt) - now,
    });
    return "delayed";
  }

  /** scheduled → publishing, only if nobody else got there first. */
  async function claim(target: TargetItem, now: number): Promise<TargetItem | undefined> {
    const { workspaceId, postId, targetId } = target;
    try {
      const claimed = await db()
        .entities.target.patch({ workspaceId, postId, targetId })
        .set({
          state: "publishing",
          leaseUntil: new Date(now + leaseMs).toISOString(),
          leaseShard: shardOf(targetId, leaseShards),
        })
        .add({ attempt: 1 })
        .where(
          (attr, op) =>
            `${op.eq(attr.state, "scheduled")} AND ${op.eq(attr.version, target.version)}`,
        )
        .go({ response: "all_new" });
      return claimed.data as TargetItem;
    } catch {
      return undefined;
    }
  }

  /** `account` is the one read before the claim: its status was checked there. */
  async function callNetwork(target: TargetItem, account: AccountItem): Promise<PublishResult> {
    const post = (
      await db().entities.post.get({ workspaceId: target.workspaceId, postId: target.postId }).go()
    ).data;
    if (!post) throw new Error("post vanished while publishing");
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

  async function settleFailure(target: TargetItem, outcome: Outcome, now: number): Promise<void> {
    if (outcome.kind === "retry") {
      const retryAt = new Date(now + outcome.delayMs).toISOString();
      await finishTarget(target, outcome, retryAt);
      recordMetric("PublishRetried", 1, target.network);
      logWarn("publish will retry", {
        targetId: target.targetId,
        attempt: target.attempt,
        code: outcome.code,
        retryAt,
      });
      return;
    }
    await finishTarget(target, outcome);
    if (outcome.reconnect) {
      await Account.needsReconnect(target.workspaceId, target.accountId, outcome.message);
    }
    recordMetric("PublishFailed", 1, target.network);
    await Activity.record({
      action: "target.failed",
      subjectType: "post",
      subjectId: target.postId,
      summary: `Not published to ${target.network}: ${outcome.message}`,
    });
  }
}
