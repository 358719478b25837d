import type { RollupDimension } from "../db/entities/rollup.ts";
import type { TargetFiguresItem } from "../db/entities/target-figures.ts";
import { rankOf } from "../db/entities/top-post.ts";
import type { db } from "../db/service.ts";
import {
  engagementsOf,
  figures,
  type RankedFigure,
  type Reported,
  rankedFigures,
} from "./figures.ts";

/** The entities a transaction callback is handed: only they can `commit()` a write into it. */
export type TransactionEntities = Parameters<
  Parameters<ReturnType<typeof db>["transaction"]["write"]>[0]
>[0];

/** The summable fields of a rollup item. */
export const summed = [
  "posts",
  ...figures,
  "engagements",
  "ratedEngagements",
  "ratedImpressions",
] as const;
export type Summed = (typeof summed)[number];
export type Sums = Partial<Record<Summed, number>>;

/** What one target's reading puts into one rollup item. */
export interface Contribution {
  dimension: RollupDimension;
  key: string;
  day: string;
  sums: Sums;
}

type Reading = Pick<
  TargetFiguresItem,
  "network" | "accountId" | "campaign" | "tags" | "day" | "slot"
> &
  Reported;

/** The figures of a reading that the rollups sum: each reported figure, engagement and its rate. */
export function sumsOf(reading: Reported): Sums {
  const sums: Sums = { posts: 1 };
  for (const name of figures) if (reading[name] !== undefined) sums[name] = reading[name];
  const engagements = engagementsOf(reading);
  if (engagements !== undefined) sums.engagements = engagements;
  if (reading.impressions !== undefined) {
    sums.ratedImpressions = reading.impressions;
    sums.ratedEngagements = engagements ?? 0;
  }
  return sums;
}

/** Every rollup item a target's reading counts in, keyed `dimension|key|day`. */
export function contributionsOf(reading: Reading): Map<string, Contribution> {
  const sums = sumsOf(reading);
  const keys: [RollupDimension, string, string][] = [
    ["workspace", "all", reading.day],
    ["network", reading.network, reading.day],
    ["account", reading.accountId, reading.day],
    ["slot", reading.slot, "all"],
    ...(reading.campaign ? [["campaign", reading.campaign, reading.day] as const] : []),
    ...[...new Set(reading.tags)].map((tag) => ["tag", tag, reading.day] as const),
  ] as [RollupDimension, string, string][];
  return new Map(
    keys.map(([dimension, key, day]) => [
      `${dimension}|${key}|${day}`,
      { dimension, key, day, sums: { ...sums } },
    ]),
  );
}

/** What must be added to each rollup item when `next` replaces `previous` (none: first reading). */
export function differenceOf(previous: Reading | undefined, next: Reading): Contribution[] {
  const before = previous ? contributionsOf(previous) : new Map<string, Contribution>();
  const after = contributionsOf(next);
  const changes: Contribution[] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(id);
    const now = after.get(id);
    const base = (now ?? old) as Contribution;
    const sums: Sums = {};
    for (const name of summed) {
      const a = old?.sums[name];
      const b = now?.sums[name];
      // A figure reported for the first time is added even at 0, so it stops being absent.
      if (b !== undefined && (a === undefined || a !== b)) sums[name] = b - (a ?? 0);
      else if (b === undefined && a !== undefined && a !== 0) sums[name] = -a;
    }
    if (Object.keys(sums).length > 0) changes.push({ ...base, sums });
  }
  return changes;
}

/** The value a target ranks by for one figure, if it has one. */
export function rankValue(reading: Reported, figure: RankedFigure): number | undefined {
  return figure === "engagements" ? engagementsOf(reading) : reading[figure];
}

/**
 * The writes a reading needs besides its own: rollup additions and ranking moves. Both the
 * ingestion (inside the reading's transaction) and the backfill build them here.
 */
export function rollupWrites(
  { rollup, topPost }: Pick<TransactionEntities, "rollup" | "topPost">,
  workspaceId: string,
  targetId: string,
  previous: (Reading & Reported) | undefined,
  next: Reading & Reported,
) {
  const month = next.day.slice(0, 7);
  const additions = differenceOf(previous, next).map((change) =>
    rollup
      .upsert({ workspaceId, dimension: change.dimension, key: change.key, day: change.day })
      .add(change.sums)
      .commit(),
  );
  const moves = rankedFigures.flatMap((figure) => {
    const before = previous ? rankValue(previous, figure) : undefined;
    const after = rankValue(next, figure);
    if (before === after) return [];
    return [
      ...(before === undefined
        ? []
        : [
            topPost.delete({ workspaceId, figure, month, rank: rankOf(before), targetId }).commit(),
          ]),
      ...(after === undefined
        ? []
        : [
            topPost
              .put({
                workspaceId,
                figure,
                month,
                rank: rankOf(after),
                targetId,
                day: next.day,
                accountId: next.accountId,
                network: next.network,
                campaign: next.campaign,
                tags: next.tags,
              })
              .commit(),
          ]),
    ];
  });
  return [...additions, ...moves];
}
