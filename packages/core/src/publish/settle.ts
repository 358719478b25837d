import type { PublishResult } from "@cadence/networks";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import type { PostItem } from "../db/entities/post.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { logInfo, logWarn } from "../log/index.ts";
import type { Schedule } from "../schedule/index.ts";
import { nextRun, type Reason, Target } from "../target/index.ts";
import { webUrl } from "../util/web-url.ts";
import { record as recordMetric } from "./metrics.ts";
import type { Outcome } from "./outcome.ts";
import { refreshPostStatus } from "./post-status.ts";

/** Within this lateness a target is published whatever the workspace's late window says. */
const alwaysOnTimeMs = 5 * 60_000;

/**
 * Why a waiting target can no longer go out at `now`: it is later than the workspace's late
 * window allows. One rule, used by the consumer and by the sweep.
 */
export async function missedReason(target: TargetItem, now: number): Promise<Reason | undefined> {
  const lateMs = now - Date.parse(target.dueAt);
  if (lateMs <= alwaysOnTimeMs) return undefined;
  const workspace = (await db().entities.workspace.get({ workspaceId: target.workspaceId }).go())
    .data;
  const windowMs = (workspace?.latePublishWindowMinutes ?? 0) * 60_000;
  if (lateMs <= windowMs) return undefined;
  return {
    code: "missed_window",
    message: `It was due ${Math.round(lateMs / 60_000)} minutes ago, beyond the workspace's late-publish window of ${windowMs / 60_000} minutes. Cadence will not publish it late; reschedule it.`,
  };
}

/** A waiting target that cannot go out (missed its time, account gone): failed, and said so. */
export async function failWaiting(target: TargetItem, reason: Reason): Promise<boolean> {
  const failed = await Target.fail(target, reason, ["scheduled"]);
  if (!failed) return false;
  await refreshPostStatus(target.workspaceId, target.postId);
  recordMetric("PublishFailed", 1, target.network);
  await Activity.record({
    workspaceId: target.workspaceId,
    action: reason.code === "missed_window" ? "target.missed" : "target.failed",
    subjectType: "post",
    subjectId: target.postId,
    summary: `Not published to ${target.network}: ${reason.message}`,
  });
  return true;
}

/** After a failed attempt: scheduled again under a new version, or failed with the reason. */
export async function settleFailure(
  target: TargetItem,
  outcome: Outcome,
  now: number,
): Promise<void> {
  const reason = { code: outcome.code, message: outcome.message };
  if (outcome.kind === "retry") {
    const retryAt = new Date(now + outcome.delayMs).toISOString();
    const retried = await Target.retry(target, reason, retryAt);
    if (!retried) return logMoved(target, "retry");
    await refreshPostStatus(target.workspaceId, target.postId);
    recordMetric("PublishRetried", 1, target.network);
    logWarn("publish will retry", {
      targetId: target.targetId,
      attempt: target.attempt,
      code: outcome.code,
      networkCode: outcome.networkCode,
      retryAt,
    });
    return;
  }
  // The network refused the account's sign-in: that is true whatever becomes of this target, so
  // the account says so first. Anyone who sees the target failed then sees the account flagged,
  // and a crash in between leaves a flag that is right and a target its redelivery settles.
  if (outcome.reconnect) {
    await Account.needsReconnect(target.workspaceId, target.accountId, outcome.message);
  }
  const failed = await Target.fail(target, reason, ["publishing"]);
  if (!failed) return logMoved(target, "fail");
  await refreshPostStatus(target.workspaceId, target.postId);
  recordMetric("PublishFailed", 1, target.network);
  await Activity.record({
    workspaceId: target.workspaceId,
    action: "target.failed",
    subjectType: "post",
    subjectId: target.postId,
    summary: `Not published to ${target.network}: ${outcome.message}`,
  });
}

function logMoved(target: TargetItem, what: string): void {
  logInfo(`target moved on before its ${what} was recorded`, {
    workspaceId: target.workspaceId,
    targetId: target.targetId,
    version: target.version,
  });
}

/**
 * Records a publish at the moment the network acknowledged it and, for recurring and evergreen
 * posts, moves the target to its next run under a new version. False when the target had
 * already moved on (another worker or the sweep recorded it).
 */
export async function afterSuccess(
  target: TargetItem,
  result: PublishResult,
  acknowledgedAt: string,
  /** The post, when the caller has read it already (the consumer has): one read less. */
  knownPost?: PostItem,
): Promise<boolean> {
  const { workspaceId, postId } = target;
  const post =
    knownPost ?? (await db().entities.post.get({ workspaceId, postId }).go()).data ?? undefined;
  const intent = post?.schedule as Schedule.Intent | undefined;
  const next = await nextRun(target, intent);
  const written = await Target.succeed(
    target,
    { externalId: result.externalId, url: webUrl(result.url), publishedAt: acknowledgedAt },
    next,
  );
  if (!written) {
    logMoved(target, "publish");
    return false;
  }
  // The post's status, and its activity entry when it goes out (one per post, not per target).
  await refreshPostStatus(
    workspaceId,
    postId,
    intent?.mode === "evergreen" ? { lastPublishedAt: acknowledgedAt } : {},
  );
  return true;
}
