import { DateTime } from "luxon";
import * as z from "zod";
import type { TargetFiguresItem } from "../db/entities/target-figures.ts";
import { db } from "../db/service.ts";
import "../util/zod.ts";
import { addSums, Figures, figuresOfSums, type PeriodInfo } from "./dashboard.ts";
import { engagementsOf, type RankedFigure, rankedFigures } from "./figures.ts";
import { filterOf, type PeriodQuery, periodOf } from "./period.ts";
import { figuresOf } from "./reading.ts";

export const TopPostsQuery = z.object({
  sort: z.enum(rankedFigures).default("engagements"),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const TopPost = z.object({
  targetId: z.string(),
  postId: z.string(),
  accountId: z.string(),
  network: z.string(),
  publishedAt: z.string(),
  text: z.string().describe("The first 280 characters the account posted"),
  url: z.string().optional(),
  figures: Figures.omit({ posts: true }),
});
export type TopPost = z.infer<typeof TopPost>;

/** YYYY-MM of every month a period touches. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let month = DateTime.fromISO(`${from.slice(0, 7)}-01`, { zone: "utc" });
  while (month.toFormat("yyyy-LL") <= to.slice(0, 7)) {
    months.push(month.toFormat("yyyy-LL"));
    month = month.plus({ months: 1 });
  }
  return months;
}

/**
 * The period's best posts by one figure: one query per month the period touches, each reading
 * that month's ranking from the top until `limit` posts of the period (and filter) are found,
 * then one batch read of those posts' latest figures.
 */
export async function topPosts(
  workspaceId: string,
  zone: string,
  query: PeriodQuery & { sort: RankedFigure; limit: number },
  now?: number,
): Promise<{ period: z.infer<typeof PeriodInfo>; sort: RankedFigure; items: TopPost[] }> {
  const period = periodOf(query, zone, now);
  const filter = filterOf(query);
  const { topPost, targetFigures } = db().entities;
  const ranked = await Promise.all(
    monthsOf(period.from, period.to).map(async (month) => {
      const found = await topPost.query
        .byRank({ workspaceId, figure: query.sort, month })
        .where((attr, op) => {
          const inPeriod = op.between(attr.day, period.from, period.to);
          if (filter.dimension === "workspace") return inPeriod;
          if (filter.dimension === "tag")
            return `${inPeriod} AND ${op.contains(attr.tags, filter.key)}`;
          const attribute =
            filter.dimension === "account"
              ? attr.accountId
              : filter.dimension === "network"
                ? attr.network
                : attr.campaign;
          return `${inPeriod} AND ${op.eq(attribute, filter.key)}`;
        })
        .go({ order: "desc", limit: query.limit });
      return found.data;
    }),
  );
  const best = ranked
    .flat()
    .sort((a, b) => b.rank.localeCompare(a.rank) || a.targetId.localeCompare(b.targetId))
    .slice(0, query.limit);
  if (best.length === 0) return { period, sort: query.sort, items: [] };
  const read = await targetFigures
    .get(best.map((b) => ({ workspaceId, targetId: b.targetId })))
    .go();
  const byTarget = new Map(read.data.map((item) => [item.targetId, item]));
  const items = best.flatMap((b) => {
    const item = byTarget.get(b.targetId);
    return item ? [toTopPost(item)] : [];
  });
  return { period, sort: query.sort, items };
}

function toTopPost(item: TargetFiguresItem): TopPost {
  const { posts: _posts, ...figures } = figuresOfSums(addSums([{ ...figuresOf(item) }]));
  const engagements = engagementsOf(figuresOf(item));
  return {
    targetId: item.targetId,
    postId: item.postId,
    accountId: item.accountId,
    network: item.network,
    publishedAt: item.publishedAt,
    text: item.preview,
    ...(item.url ? { url: item.url } : {}),
    figures: { ...figures, ...(engagements !== undefined ? { engagements } : {}) },
  };
}

/** A heatmap cell needs this many posts before it can be suggested. */
export const minimumPostsPerCell = 3;
/** Below this many measured posts in all, the heatmap says it has too little to go on. */
export const minimumPosts = 20;

export const BestTimes = z.object({
  timeZone: z.string(),
  posts: z.number().int().describe("Measured posts the heatmap rests on"),
  enough: z.boolean().describe(`False below ${minimumPosts} measured posts: too few to trust`),
  cells: z.array(
    z.object({
      weekday: z.number().int().min(1).max(7).describe("ISO weekday, 1 Monday … 7 Sunday"),
      hour: z.number().int().min(0).max(23),
      posts: z.number().int(),
      averageEngagements: z.number().optional(),
      engagementRate: z.number().optional(),
    }),
  ),
  suggestions: z
    .array(z.object({ weekday: z.number().int(), hour: z.number().int() }))
    .describe(
      `Up to 7 cells with at least ${minimumPostsPerCell} posts, most engagements per post first`,
    ),
});
export type BestTimes = z.infer<typeof BestTimes>;

/**
 * When the workspace's posts do best: weekday × hour of publishing in the workspace's zone,
 * summed over every measured post (one query of 168 small items at most).
 */
export async function bestTimes(workspaceId: string, zone: string): Promise<BestTimes> {
  const items = (
    await db().entities.rollup.query.byDay({ workspaceId, dimension: "slot" }).go({ pages: "all" })
  ).data;
  const cells = items
    .map((item) => {
      const [weekday, hour] = item.key.split("-").map(Number);
      const posts = item.posts ?? 0;
      const figures = figuresOfSums(addSums([item]));
      return {
        weekday: weekday ?? 1,
        hour: hour ?? 0,
        posts,
        ...(item.engagements !== undefined && posts > 0
          ? { averageEngagements: Math.round((item.engagements / posts) * 100) / 100 }
          : {}),
        ...(figures.engagementRate !== undefined ? { engagementRate: figures.engagementRate } : {}),
      };
    })
    .filter((cell) => cell.posts > 0)
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  const posts = cells.reduce((sum, cell) => sum + cell.posts, 0);
  const suggestions =
    posts >= minimumPosts
      ? cells
          .filter((c) => c.posts >= minimumPostsPerCell && c.averageEngagements !== undefined)
          .sort((a, b) => (b.averageEngagements ?? 0) - (a.averageEngagements ?? 0))
          .slice(0, 7)
          .map(({ weekday, hour }) => ({ weekday, hour }))
      : [];
  return { timeZone: zone, posts, enough: posts >= minimumPosts, cells, suggestions };
}

/**
 * Suggested cells as posting slots of an account in its own zone: the wall time in the account's
 * zone of each suggested weekday-hour in the workspace's zone, this week.
 */
export function slotsFor(
  suggestions: { weekday: number; hour: number }[],
  workspaceZone: string,
  accountZone: string,
  now = Date.now(),
): Record<string, string[]> {
  const week = DateTime.fromMillis(now, { zone: workspaceZone }).startOf("week");
  const slots: Record<string, string[]> = {};
  for (const { weekday, hour } of suggestions) {
    const local = week
      .plus({ days: weekday - 1 })
      .set({ hour })
      .setZone(accountZone);
    const day = String(local.weekday);
    slots[day] = [...new Set([...(slots[day] ?? []), local.toFormat("HH:mm")])].sort();
  }
  return slots;
}
