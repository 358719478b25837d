import type { PublishResult } from "@cadence/networks";
import { Activity } from "../activity/index.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { usePorts } from "../ports.ts";
import { postStatus } from "../post/status.ts";
import { recurrence, type Schedule } from "../schedule/index.ts";
import { freeSlots, type WeeklySlots } from "../schedule/slots.ts";
import { webUrl } from "../util/web-url.ts";
import type { Outcome } from "./outcome.ts";

/**
 * Ends a claim: failed (with the reason and what to do), or back to scheduled under a new
 * version at `retryAt` (a retry). The lease is released in the same write.
 */
export async function finishTarget(
  target: TargetItem,
  outcome: Outcome,
  retryAt?: string,
): Promise<void> {
  const { workspaceId, postId, targetId } = target;
  const retry = outcome.kind === "retry" && retryAt;
  await db()
    .entities.target.patch({ workspaceId, postId, targetId })
    .set({
      state: retry ? "scheduled" : "failed",
      errorCode: outcome.code,
      errorMessage: outcome.message,
      leaseUntil: "",
      leaseShard: target.leaseShard,
      ...(retry
        ? { dueAt: retryAt, dueMonth: retryAt.slice(0, 7), accountId: target.accountId }
        : {}),
    })
    .add({ version: 1 })
    .where((attr, op) => op.eq(attr.version, target.version))
    .go();
  if (retry) {
    await usePorts().scheduler.schedule({
      workspaceId,
      targetId,
      version: target.version + 1,
      dueAt: retryAt,
    });
  }
  await refreshPostStatus(workspaceId, postId);
}

async function refreshPostStatus(
  workspaceId: string,
  postId: string,
  extra: Record<string, string> = {},
) {
  const result = await db().collections.post({ workspaceId, postId }).go({ pages: "all" });
  await db()
    .entities.post.patch({ workspaceId, postId })
    .set({ status: postStatus(result.data.target.map((t) => t.state)), ...extra })
    .go();
}

/**
 * Records a publish and, for recurring and evergreen posts, schedules the next run under a new
 * version: the next occurrence of the rule, or the account's next free slot after the gap.
 */
export async function afterSuccess(
  target: TargetItem,
  result: PublishResult,
  now: number,
): Promise<void> {
  const { workspaceId, postId, targetId } = target;
  const publishedAt = new Date(now).toISOString();
  const post = (await db().entities.post.get({ workspaceId, postId }).go()).data;
  const intent = post?.schedule as Schedule.Intent | undefined;
  const next = intent ? await nextRun(target, intent, now) : undefined;

  await db()
    .entities.target.patch({ workspaceId, postId, targetId })
    .set({
      state: next ? "scheduled" : "published",
      externalId: result.externalId,
      url: webUrl(result.url),
      publishedAt,
      leaseUntil: "",
      leaseShard: target.leaseShard,
      attempt: 0,
      ...(next
        ? {
            dueAt: next.dueAt,
            dueMonth: next.dueAt.slice(0, 7),
            accountId: target.accountId,
            occurrence: next.occurrence,
          }
        : {}),
    })
    .remove(["errorCode", "errorMessage"])
    .add({ version: 1 })
    .where((attr, op) => op.eq(attr.version, target.version))
    .go();
  if (next) {
    await usePorts().scheduler.schedule({
      workspaceId,
      targetId,
      version: target.version + 1,
      dueAt: next.dueAt,
    });
  }
  await refreshPostStatus(
    workspaceId,
    postId,
    intent?.mode === "evergreen" ? { lastPublishedAt: publishedAt } : {},
  );
  await Activity.record({
    workspaceId,
    action: "target.published",
    subjectType: "post",
    subjectId: postId,
    summary: `Published to ${target.network}: ${result.url}`,
    data: { targetId, url: result.url, externalId: result.externalId },
  });
}

async function nextRun(
  target: TargetItem,
  intent: Schedule.Intent,
  now: number,
): Promise<{ dueAt: string; occurrence: number } | undefined> {
  if (intent.mode === "recurring") {
    const occurrence = target.occurrence + 1;
    const dueAt = recurrence.occurrence(
      { rrule: intent.rrule, start: intent.start, timeZone: intent.timeZone },
      occurrence,
    );
    return dueAt ? { dueAt, occurrence } : undefined;
  }
  if (intent.mode === "evergreen") {
    const account = (
      await db()
        .entities.account.get({ workspaceId: target.workspaceId, accountId: target.accountId })
        .go()
    ).data;
    if (!account) return undefined;
    const after = new Date(now + intent.minGapDays * 86_400_000).toISOString();
    const horizon = new Date(Date.parse(after) + 120 * 86_400_000).toISOString();
    const taken = await db()
      .entities.target.query.byAccount({ accountId: account.accountId })
      .between({ dueAt: after }, { dueAt: horizon })
      .go({ pages: "all" });
    const [slot] = freeSlots(
      account.slots as WeeklySlots,
      account.timeZone,
      after,
      taken.data.map((t) => t.dueAt),
      1,
    );
    return slot ? { dueAt: slot, occurrence: target.occurrence + 1 } : undefined;
  }
  return undefined;
}
