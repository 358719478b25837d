import { DateTime } from "luxon";
import type { TargetItem } from "../db/entities/target.ts";
import type { TargetFiguresItem } from "../db/entities/target-figures.ts";
import { db } from "../db/service.ts";
import { figures, type Reported } from "./figures.ts";
import { differenceOf, rollupWrites, type TransactionEntities } from "./rollup.ts";

/** Where a post's figures are filed: its publish day and weekday-hour in the workspace's zone. */
export function placeOf(publishedAt: string, zone: string): { day: string; slot: string } {
  const local = DateTime.fromISO(publishedAt, { zone: "utc" }).setZone(zone);
  return {
    day: local.toFormat("yyyy-LL-dd"),
    slot: `${local.weekday}-${local.toFormat("HH")}`,
  };
}

export type ReadingOutcome = "recorded" | "unchanged" | "stale";

/**
 * Replaces a target's latest reading and adds the difference to its rollups, in one
 * transaction conditional on the reading it replaces: a reading that arrives twice, or after a
 * newer one, or races another run, finds the version moved and changes nothing.
 */
export async function recordReading(input: {
  target: Pick<
    TargetItem,
    | "workspaceId"
    | "targetId"
    | "postId"
    | "accountId"
    | "network"
    | "campaign"
    | "tags"
    | "preview"
    | "url"
    | "publishedAt"
  >;
  zone: string;
  measuredAt: string;
  reported: Reported;
}): Promise<ReadingOutcome> {
  const { target, reported, measuredAt } = input;
  const { workspaceId, targetId } = target;
  const { targetFigures } = db().entities;
  const previous = (await targetFigures.get({ workspaceId, targetId }).go()).data ?? undefined;
  if (previous && previous.measuredAt >= measuredAt) return "stale";
  // The rollup keys are fixed by the first reading, so a later change of zone or tags cannot
  // move part of a post's figures somewhere else; the backfill re-files everything at once.
  const place = previous
    ? { day: previous.day, slot: previous.slot }
    : placeOf(target.publishedAt ?? measuredAt, input.zone);
  const identity = {
    network: target.network,
    accountId: target.accountId,
    campaign: previous ? previous.campaign : target.campaign,
    tags: previous ? previous.tags : target.tags,
    ...place,
  };
  const next = { ...identity, ...reported };
  const prior = previous ? { ...identity, ...figuresOf(previous) } : undefined;
  const unreported = figures.filter((name) => reported[name] === undefined);
  const version = (previous?.version ?? 0) + 1;
  const changes = differenceOf(prior, next).length;
  const own = (targetFigures: TransactionEntities["targetFigures"]) =>
    previous
      ? (unreported.length > 0
          ? targetFigures
              .patch({ workspaceId, targetId })
              .set({ measuredAt, version, ...reported })
              .remove(unreported)
          : targetFigures.patch({ workspaceId, targetId }).set({ measuredAt, version, ...reported })
        )
          .where((attr, op) => op.eq(attr.version, previous.version))
          .commit()
      : targetFigures
          .create({
            workspaceId,
            targetId,
            postId: target.postId,
            accountId: target.accountId,
            network: target.network,
            campaign: target.campaign,
            tags: target.tags,
            publishedAt: target.publishedAt ?? measuredAt,
            preview: target.preview,
            url: target.url,
            measuredAt,
            version,
            ...place,
            ...reported,
          })
          .commit();
  if (previous && changes === 0) {
    // Same figures as before: only the reading's time moves, and only over the version read.
    const moved = await targetFigures
      .patch({ workspaceId, targetId })
      .set({ measuredAt, version })
      .where((attr, op) => op.eq(attr.version, previous.version))
      .go()
      .then(
        () => true,
        (error: unknown) => {
          if (isConditionFailure(error)) return false;
          throw error;
        },
      );
    return moved ? "unchanged" : "stale";
  }
  const result = await db()
    .transaction.write((entities) => [
      own(entities.targetFigures),
      ...rollupWrites(entities, workspaceId, targetId, prior, next),
    ])
    .go();
  if (!result.canceled) return "recorded";
  const reasons = result.data as unknown as { code?: string }[];
  if (reasons.some((r) => r.code === "ConditionalCheckFailed")) return "stale";
  throw new Error(`Rollup transaction cancelled: ${reasons.map((r) => r.code).join(", ")}`);
}

function figuresOf(item: TargetFiguresItem): Reported {
  return Object.fromEntries(
    figures.flatMap((name) => (item[name] === undefined ? [] : [[name, item[name]]])),
  );
}

/** True when DynamoDB refused a write because its condition no longer held. */
export function isConditionFailure(error: unknown): boolean {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current.name === "ConditionalCheckFailedException") return true;
    current = current.cause;
  }
  return false;
}

export { figuresOf };
