import { rollupDimensions } from "../db/entities/rollup.ts";
import { rankOf } from "../db/entities/top-post.ts";
import { db } from "../db/service.ts";
import { rankedFigures } from "./figures.ts";
import { figuresOf } from "./reading.ts";
import { type Contribution, contributionsOf, rankValue, type Sums, summed } from "./rollup.ts";

/**
 * Rebuilds a workspace's rollups and rankings from its targets' latest readings: sums every
 * reading's contributions, writes each rollup item's sums exactly (account figures are kept),
 * clears sums from items no reading reaches, and rewrites the rankings of every month a reading
 * is filed in. Run it while ingestion for the workspace is paused (the metrics cron skips a
 * workspace only by not running), since a reading recorded mid-rebuild would be counted twice.
 */
export async function backfill(
  workspaceId: string,
): Promise<{ readings: number; rollups: number }> {
  const { targetFigures, rollup, topPost } = db().entities;
  const readings = (await targetFigures.query.byTarget({ workspaceId }).go({ pages: "all" })).data;

  const totals = new Map<string, Contribution>();
  for (const reading of readings) {
    for (const [id, contribution] of contributionsOf(reading)) {
      const total = totals.get(id);
      if (!total) {
        totals.set(id, { ...contribution, sums: { ...contribution.sums } });
        continue;
      }
      for (const name of summed) {
        const value = contribution.sums[name];
        if (value !== undefined) total.sums[name] = (total.sums[name] ?? 0) + value;
      }
    }
  }

  for (const dimension of rollupDimensions) {
    const existing = (await rollup.query.byDay({ workspaceId, dimension }).go({ pages: "all" }))
      .data;
    for (const item of existing) {
      if (totals.has(`${dimension}|${item.key}|${item.day}`)) continue;
      const present = summed.filter((name) => item[name] !== undefined);
      if (present.length > 0) {
        await rollup
          .patch({ workspaceId, dimension, key: item.key, day: item.day })
          .remove(present)
          .go();
      }
    }
  }
  for (const total of totals.values()) {
    const absent = summed.filter((name) => total.sums[name] === undefined);
    const write = rollup
      .upsert({ workspaceId, dimension: total.dimension, key: total.key, day: total.day })
      .set(total.sums as Required<Sums>);
    await write.go();
    if (absent.length > 0) {
      await rollup
        .patch({ workspaceId, dimension: total.dimension, key: total.key, day: total.day })
        .remove(absent)
        .go();
    }
  }

  const months = new Set(readings.map((r) => r.day.slice(0, 7)));
  for (const month of months) {
    for (const figure of rankedFigures) {
      const stored = (
        await topPost.query.byRank({ workspaceId, figure, month }).go({ pages: "all" })
      ).data;
      if (stored.length > 0) await topPost.delete(stored).go();
    }
  }
  const ranks = readings.flatMap((reading) =>
    rankedFigures.flatMap((figure) => {
      const value = rankValue(figuresOf(reading), figure);
      return value === undefined
        ? []
        : [
            {
              workspaceId,
              figure,
              month: reading.day.slice(0, 7),
              rank: rankOf(value),
              targetId: reading.targetId,
              day: reading.day,
              accountId: reading.accountId,
              network: reading.network,
              campaign: reading.campaign,
              tags: reading.tags,
            },
          ];
    }),
  );
  if (ranks.length > 0) await topPost.put(ranks).go();
  return { readings: readings.length, rollups: totals.size };
}
