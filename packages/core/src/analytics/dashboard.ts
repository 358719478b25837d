import { DateTime } from "luxon";
import * as z from "zod";
import type { RollupDimension, RollupItem } from "../db/entities/rollup.ts";
import { db } from "../db/service.ts";
import "../util/zod.ts";
import { engagementRate, figures } from "./figures.ts";
import { daysOf, filterOf, type Period, type PeriodQuery, periodOf } from "./period.ts";
import { type Sums, summed } from "./rollup.ts";

const Count = z.number().int().nonnegative();
/** Figures of a group of posts: a figure no post's network reported is absent, never 0. */
export const Figures = z.object({
  posts: Count.describe("Published posts (targets) measured at least once"),
  impressions: Count.optional(),
  reach: Count.optional(),
  likes: Count.optional(),
  comments: Count.optional(),
  shares: Count.optional(),
  saves: Count.optional(),
  clicks: Count.optional(),
  videoViews: Count.optional(),
  engagements: Count.optional().describe("likes + comments + shares + saves + clicks, as reported"),
  engagementRate: z
    .number()
    .optional()
    .describe(
      "Engagements ÷ impressions over the posts whose network reports impressions; absent when none does",
    ),
});
export type Figures = z.infer<typeof Figures>;

export const PeriodInfo = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  timeZone: z.string(),
  previous: z.object({ from: z.string(), to: z.string() }),
});

/** Adds rollup items' sums, keeping a figure absent until some item has it. */
export function addSums(items: Iterable<Partial<Record<(typeof summed)[number], number>>>): Sums {
  const total: Sums = {};
  for (const item of items) {
    for (const name of summed) {
      const value = item[name];
      if (value !== undefined) total[name] = (total[name] ?? 0) + value;
    }
  }
  return total;
}

/** The public shape of summed figures. */
export function figuresOfSums(sums: Sums): Figures {
  const out: Figures = { posts: sums.posts ?? 0 };
  for (const name of [...figures, "engagements"] as const) {
    if (sums[name] !== undefined) out[name] = sums[name];
  }
  const rate = engagementRate(sums.ratedEngagements, sums.ratedImpressions);
  if (rate !== undefined) out.engagementRate = Math.round(rate * 10_000) / 10_000;
  return out;
}

/** Relative change of each figure, or null where the previous period had none of it. */
export function changeOf(current: Figures, previous: Figures): Record<string, number | null> {
  const change: Record<string, number | null> = {};
  for (const name of Object.keys(current) as (keyof Figures)[]) {
    const now = current[name];
    const before = previous[name];
    if (now === undefined) continue;
    change[name] = before ? Math.round(((now - before) / before) * 10_000) / 10_000 : null;
  }
  return change;
}

/** One query: a dimension's items from `from` to `to` inclusive, oldest first. */
export async function rollupsBetween(
  workspaceId: string,
  dimension: RollupDimension,
  from: string,
  to: string,
): Promise<RollupItem[]> {
  const after = DateTime.fromISO(to, { zone: "utc" }).plus({ days: 1 }).toFormat("yyyy-LL-dd");
  const found = await db()
    .entities.rollup.query.byDay({ workspaceId, dimension })
    .between({ day: from }, { day: after })
    .go({ pages: "all" });
  return found.data.filter((item) => item.day <= to);
}

export const Summary = z.object({
  period: PeriodInfo,
  filter: z.object({ dimension: z.string(), key: z.string() }),
  totals: Figures,
  previousTotals: Figures,
  change: z
    .record(z.string(), z.number().nullable())
    .describe("(current − previous) ÷ previous per figure; null when the previous period had none"),
  series: z.array(Figures.extend({ day: z.string() })).describe("Every day of the period"),
  networks: z.array(Figures.extend({ network: z.string() })),
  accounts: z.array(
    z.object({
      accountId: z.string(),
      network: z.string(),
      handle: z.string(),
      displayName: z.string(),
      figures: Figures,
      followers: z
        .object({ first: Count, last: Count, change: z.number().int() })
        .optional()
        .describe("First and last follower count read in the period"),
      following: Count.optional(),
      postCount: Count.optional(),
      followerSeries: z.array(z.object({ day: z.string(), followers: Count })),
    }),
  ),
});
export type Summary = z.infer<typeof Summary>;

/**
 * The dashboard's figures for a period against the one before, from rollups only: one query for
 * the filtered dimension over both periods (totals, change, series), one for the networks, one
 * for the accounts (their figures and followers), one for the accounts' names.
 */
export async function summary(
  workspaceId: string,
  zone: string,
  query: PeriodQuery,
  now?: number,
): Promise<Summary> {
  const period: Period = periodOf(query, zone, now);
  const filter = filterOf(query);
  const [main, networks, accounts, named] = await Promise.all([
    rollupsBetween(workspaceId, filter.dimension, period.previous.from, period.to).then((items) =>
      items.filter((item) => item.key === filter.key),
    ),
    rollupsBetween(workspaceId, "network", period.from, period.to),
    rollupsBetween(workspaceId, "account", period.from, period.to),
    db().entities.account.query.byWorkspace({ workspaceId }).go({ pages: "all" }),
  ]);
  const current = main.filter((item) => item.day >= period.from);
  const previous = main.filter((item) => item.day < period.from);
  const totals = figuresOfSums(addSums(current));
  const previousTotals = figuresOfSums(addSums(previous));
  const byDay = new Map(current.map((item) => [item.day, item]));
  const series = daysOf(period.from, period.to).map((day) => {
    const item = byDay.get(day);
    return { day, ...figuresOfSums(item ? addSums([item]) : {}) };
  });

  const accountInfo = new Map(named.data.map((a) => [a.accountId, a]));
  const keep = (network: string, accountId?: string) =>
    (filter.dimension !== "network" || network === filter.key) &&
    (filter.dimension !== "account" || accountId === filter.key);
  const grouped = (items: RollupItem[]) => {
    const groups = new Map<string, RollupItem[]>();
    for (const item of items) groups.set(item.key, [...(groups.get(item.key) ?? []), item]);
    return groups;
  };
  // Campaign and tag rollups are not split by network or account: those filters show totals only.
  const splittable = filter.dimension !== "campaign" && filter.dimension !== "tag";
  const networkRows = splittable
    ? [...grouped(networks)]
        .filter(([network]) => keep(network))
        .map(([network, items]) => ({ network, ...figuresOfSums(addSums(items)) }))
        .sort((a, b) => b.posts - a.posts || a.network.localeCompare(b.network))
    : [];
  const accountRows = splittable
    ? [...grouped(accounts)].flatMap(([accountId, items]) => {
        const info = accountInfo.get(accountId);
        if (!info || !keep(info.network, accountId)) return [];
        const read = items.filter((item) => item.followers !== undefined);
        const first = read[0]?.followers;
        const last = read.at(-1)?.followers;
        const latest = items.filter((item) => item.accountMeasuredAt).at(-1);
        return [
          {
            accountId,
            network: info.network,
            handle: info.handle,
            displayName: info.displayName,
            figures: figuresOfSums(addSums(items)),
            ...(first !== undefined && last !== undefined
              ? { followers: { first, last, change: last - first } }
              : {}),
            ...(latest?.following !== undefined ? { following: latest.following } : {}),
            ...(latest?.postCount !== undefined ? { postCount: latest.postCount } : {}),
            followerSeries: read.map((item) => ({ day: item.day, followers: item.followers ?? 0 })),
          },
        ];
      })
    : [];
  return {
    period,
    filter,
    totals,
    previousTotals,
    change: changeOf(totals, previousTotals),
    series,
    networks: networkRows,
    accounts: accountRows.sort(
      (a, b) => b.figures.posts - a.figures.posts || a.handle.localeCompare(b.handle),
    ),
  };
}
