import * as z from "zod";
import { Csv } from "../csv/index.ts";
import { rollupDimensions } from "../db/entities/rollup.ts";
import { db } from "../db/service.ts";
import "../util/zod.ts";
import { addSums, figuresOfSums, rollupsBetween } from "./dashboard.ts";
import { figures } from "./figures.ts";
import { type Period, type PeriodQuery, periodOf } from "./period.ts";
import { figuresOf } from "./reading.ts";
import { sumsOf } from "./rollup.ts";

export const ExportQuery = z.object({
  kind: z
    .enum(["posts", "daily"])
    .default("posts")
    .describe("posts: each published post per account with its figures; daily: the rollups"),
  format: z.enum(["csv", "json"]).default("csv"),
});

const figureColumns = [...figures, "engagements", "engagementRate"] as const;
export const postColumns = [
  "publishedAt",
  "day",
  "postId",
  "targetId",
  "accountId",
  "network",
  "campaign",
  "tags",
  "text",
  "url",
  "measuredAt",
  ...figureColumns,
] as const;
export const dailyColumns = ["day", "dimension", "key", "posts", ...figureColumns] as const;
type Cell = string | number | null;
export type ExportRow = Record<string, Cell>;

/** Rows as CSV with the given columns as header; Csv.write neutralises formulas. */
export function toCsv(columns: readonly string[], rows: ExportRow[]): string {
  return Csv.write([
    [...columns],
    ...rows.map((row) => columns.map((column) => row[column] ?? null)),
  ]);
}

/** Each published target filed in the period (publish day, workspace zone) with its figures. */
export async function postRows(workspaceId: string, period: Period): Promise<ExportRow[]> {
  const readings = await db()
    .entities.targetFigures.query.byTarget({ workspaceId })
    .where((attr, op) => op.between(attr.day, period.from, period.to))
    .go({ pages: "all" });
  return readings.data
    .sort(
      (a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.targetId.localeCompare(b.targetId),
    )
    .map((item) => {
      const sums = figuresOfSums(sumsOf(figuresOf(item)));
      return {
        publishedAt: item.publishedAt,
        day: item.day,
        postId: item.postId,
        targetId: item.targetId,
        accountId: item.accountId,
        network: item.network,
        campaign: item.campaign ?? null,
        tags: item.tags.join(";"),
        text: item.preview,
        url: item.url ?? null,
        measuredAt: item.measuredAt,
        ...Object.fromEntries(figureColumns.map((name) => [name, sums[name] ?? null])),
      };
    });
}

/** Every daily rollup item of the period: the workspace's, then each network, account, … */
export async function dailyRows(workspaceId: string, period: Period): Promise<ExportRow[]> {
  const dimensions = rollupDimensions.filter((d) => d !== "slot");
  const all = await Promise.all(
    dimensions.map((dimension) => rollupsBetween(workspaceId, dimension, period.from, period.to)),
  );
  return all.flat().flatMap((item) => {
    // An account day with only follower figures has no posts to export here.
    if (item.posts === undefined) return [];
    const sums = figuresOfSums(addSums([item]));
    return [
      {
        day: item.day,
        dimension: item.dimension,
        key: item.key,
        posts: sums.posts,
        ...Object.fromEntries(figureColumns.map((name) => [name, sums[name] ?? null])),
      },
    ];
  });
}

export async function exportRows(
  workspaceId: string,
  zone: string,
  query: PeriodQuery & z.infer<typeof ExportQuery>,
  now?: number,
): Promise<{ period: Period; columns: readonly string[]; rows: ExportRow[] }> {
  const period = periodOf(query, zone, now);
  return query.kind === "posts"
    ? { period, columns: postColumns, rows: await postRows(workspaceId, period) }
    : { period, columns: dailyColumns, rows: await dailyRows(workspaceId, period) };
}
