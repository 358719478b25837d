import { DateTime } from "luxon";
import * as z from "zod";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { figures } from "../analytics/figures.ts";
import { Csv } from "../csv/index.ts";
import type { PostMetricsItem } from "../db/entities/post-metrics.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { reportProgress } from "../job/progress.ts";
import { type Overrides, Post } from "../post/index.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";

/**
 * A workspace's posts of some months (by creation) as a file: one row per account a post went
 * or goes to, with where it stands, when it is due, its link or error, and the network's latest
 * figures when there are any.
 */
export namespace PostExport {
  export const maxMonths = 12;
  export const maxRows = 20_000;
  /** Posts loaded at once. */
  const concurrency = 16;

  /** The figures a reading can hold, defined once for analytics and exports alike. */
  const metricColumns = figures;

  export const columns = [
    "postId",
    "targetId",
    "createdAt",
    "authorId",
    "accountId",
    "network",
    "handle",
    "state",
    "dueAt",
    "timeZone",
    "scheduleMode",
    "approval",
    "publishedAt",
    "url",
    "errorCode",
    "errorMessage",
    "text",
    "tags",
    "campaign",
    ...metricColumns,
    "metricsMeasuredAt",
  ] as const;

  export const Row = z.object(
    Object.fromEntries(
      columns.map((column) => [
        column,
        (metricColumns as readonly string[]).includes(column)
          ? z.number().nullable()
          : z.string().nullable(),
      ]),
    ) as Record<(typeof columns)[number], z.ZodNullable<z.ZodString | z.ZodNumber>>,
  );
  export type Row = Record<(typeof columns)[number], string | number | null>;

  const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "use YYYY-MM");
  export const Input = z.object({
    format: z.enum(["csv", "json"]).default("csv"),
    from: Month.describe("First month (of creation), YYYY-MM"),
    to: Month.optional().describe("Last month, YYYY-MM; `from` when absent"),
  });

  export interface Result {
    from: string;
    to: string;
    rows: Row[];
  }

  /** The months an export covers; refuses a range backwards or over `maxMonths`. */
  export function checkRange(input: z.output<typeof Input>): string[] {
    const from = DateTime.fromFormat(input.from, "yyyy-MM", { zone: "utc" });
    const to = DateTime.fromFormat(input.to ?? input.from, "yyyy-MM", { zone: "utc" });
    const months: string[] = [];
    for (let month = from; month <= to; month = month.plus({ months: 1 })) {
      months.push(month.toFormat("yyyy-MM"));
      if (months.length > maxMonths) break;
    }
    if (months.length === 0 || months.length > maxMonths) {
      throw new VisibleError(
        "invalid_period",
        `Export up to ${maxMonths} months at a time, with \`to\` not before \`from\`.`,
        "to",
      );
    }
    return months;
  }

  export const rows = fn(Input, async (input): Promise<Result> => {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const months = checkRange(input);
    const accounts = await db()
      .entities.account.query.byWorkspace({ workspaceId })
      .go({ pages: "all" });
    const handles = new Map(accounts.data.map((a) => [a.accountId, a.handle]));

    const postIds: string[] = [];
    for (const month of months) {
      const page = await db()
        .entities.post.query.byCreated({ workspaceId, createdMonth: month })
        .go({ pages: "all", order: "asc", attributes: ["postId"] });
      postIds.push(...page.data.map((p) => p.postId));
    }
    const result: Row[] = [];
    for (let start = 0; start < postIds.length; start += concurrency) {
      reportProgress(start, postIds.length);
      const loaded = await Promise.all(
        postIds.slice(start, start + concurrency).map(async (postId) => {
          const post = await Post.load(postId, workspaceId);
          // Figures are read only for targets that went out: a draft or a scheduled post has
          // none, and a large export is mostly those.
          const metrics = post.targets.some((t) => t.publishedAt)
            ? await latestMetrics(workspaceId, postId)
            : new Map<string, PostMetricsItem>();
          return { ...post, metrics };
        }),
      );
      for (const { post, targets, metrics } of loaded) {
        for (const target of targets) {
          const figures = metrics.get(target.targetId);
          const overrides = target.overrides as Overrides;
          result.push({
            postId: post.postId,
            targetId: target.targetId,
            createdAt: post.createdAt,
            authorId: post.authorId,
            accountId: target.accountId,
            network: target.network,
            handle: handles.get(target.accountId) ?? null,
            state: target.state,
            dueAt: target.dueAt || null,
            timeZone: target.timeZone ?? null,
            scheduleMode: String((post.schedule as { mode?: string } | undefined)?.mode ?? ""),
            approval: post.approval,
            publishedAt: target.publishedAt ?? null,
            url: target.url ?? null,
            errorCode: target.errorCode ?? null,
            errorMessage: target.errorMessage ?? null,
            text: overrides.text ?? post.text,
            tags: post.tags.join(";"),
            campaign: post.campaign ?? null,
            ...Object.fromEntries(metricColumns.map((m) => [m, figures?.[m] ?? null])),
            metricsMeasuredAt: figures?.measuredAt ?? null,
          } as Row);
        }
      }
      if (result.length > maxRows) {
        throw new VisibleError(
          "export_too_large",
          `These months hold more than ${maxRows.toLocaleString("en")} rows; export fewer months at a time.`,
          "from",
        );
      }
    }
    reportProgress(postIds.length, postIds.length);
    return { from: months[0] ?? input.from, to: months.at(-1) ?? input.from, rows: result };
  });

  /** Each target's latest reading (the network's figures of its last measured day). */
  async function latestMetrics(
    workspaceId: string,
    postId: string,
  ): Promise<Map<string, PostMetricsItem>> {
    const readings = await db()
      .entities.postMetrics.query.byPost({ workspaceId, postId })
      .go({ pages: "all" });
    const latest = new Map<string, PostMetricsItem>();
    for (const reading of readings.data) {
      const current = latest.get(reading.targetId);
      if (!current || current.day < reading.day) latest.set(reading.targetId, reading);
    }
    return latest;
  }

  /** The rows as an RFC 4180 file with a header of snake_case column names. */
  export function toCsv(rows: Row[]): string {
    const header = columns.map((c) => c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`));
    return Csv.write([header, ...rows.map((row) => columns.map((c) => row[c]))]);
  }
}
