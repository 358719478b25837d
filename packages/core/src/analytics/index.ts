import { NetworkError } from "@cadence/networks";
import * as z from "zod";
import { Account } from "../account/index.ts";
import { assertRole, useWorkspace, withActor } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import type { PostMetricsItem } from "../db/entities/post-metrics.ts";
import { publishedShards, type TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { adapterFor } from "../network/index.ts";
import { Plan } from "../plan/index.ts";
import "../util/zod.ts";
import { accountsDue, fileAccountFigures, recordAccountFigures } from "./accounts.ts";
import { backfill as rebuild } from "./backfill.ts";
import { summary as readSummary, Summary as SummarySchema } from "./dashboard.ts";
import { ExportQuery as ExportQuerySchema, exportRows, toCsv } from "./export.ts";
import { engagementsOf, figures, reportedOf } from "./figures.ts";
import {
  BestTimes as BestTimesSchema,
  bestTimes as readBestTimes,
  topPosts as readTopPosts,
  slotsFor,
  TopPost as TopPostSchema,
  TopPostsQuery as TopPostsQuerySchema,
} from "./insights.ts";
import {
  type PeriodQuery as PeriodInput,
  PeriodQuery as PeriodQuerySchema,
  periodOf,
} from "./period.ts";
import { recordReading } from "./reading.ts";
import { sendWeeklyReports, setWeeklyEmail, weeklyEmail } from "./weekly.ts";

/**
 * How published posts did: the metrics cron reads each recent target's figures from its network
 * and keeps one reading per target per day; the API shows the latest per target.
 */
export namespace Analytics {
  /** Posts are measured for this many days after they go out. */
  export const measuredDays = 30;
  /** Younger posts are read every run (hourly); older ones once a day. */
  const hourlyForMs = 48 * 3_600_000;
  /** Network calls in flight at once during a run. */
  const concurrency = 4;

  const Figure = z.number().int().nonnegative().optional();
  export const TargetMetrics = z.object({
    targetId: z.string(),
    accountId: z.string(),
    network: z.string(),
    measuredAt: z.string(),
    metrics: z
      .object(
        Object.fromEntries(figures.map((name) => [name, Figure])) as Record<
          (typeof figures)[number],
          typeof Figure
        >,
      )
      .describe("What the network reports; a figure it does not report is absent, not 0"),
    trend: z
      .array(
        z.object({
          day: z.string(),
          impressions: Figure,
          engagements: Figure,
        }),
      )
      .describe("The last reading of each day (UTC), oldest first: how the post grew"),
  });
  export type TargetMetrics = z.infer<typeof TargetMetrics>;

  export const Summary = SummarySchema;
  export type Summary = z.infer<typeof SummarySchema>;
  export const PeriodQuery = PeriodQuerySchema;
  export type PeriodQuery = z.infer<typeof PeriodQuerySchema>;
  export const TopPostsQuery = TopPostsQuerySchema;
  export const TopPost = TopPostSchema;
  export const BestTimes = BestTimesSchema;
  export type BestTimes = z.infer<typeof BestTimesSchema>;
  export const ExportQuery = ExportQuerySchema;

  /** A period reaching further back than the plan's analytics history answers 402. */
  async function withinHistory(
    workspaceId: string,
    timeZone: string,
    query: PeriodInput,
    now = Date.now(),
  ): Promise<void> {
    const period = periodOf(query, timeZone, now);
    const today = periodOf({ days: "7" }, timeZone, now).to;
    const daysBack = Math.round((Date.parse(today) - Date.parse(period.from)) / 86_400_000) + 1;
    await Plan.requireHistory(workspaceId, daysBack);
  }

  async function zone(): Promise<{ workspaceId: string; zone: string }> {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const found = (await db().entities.workspace.get({ workspaceId }).go()).data;
    return { workspaceId, zone: found?.timeZone ?? "UTC" };
  }

  /** The dashboard: a period against the one before, over time, by network and by account. */
  export async function summary(query: PeriodQuery, now?: number): Promise<Summary> {
    const { workspaceId, zone: timeZone } = await zone();
    await withinHistory(workspaceId, timeZone, query, now);
    return readSummary(workspaceId, timeZone, query, now);
  }

  /** The period's best posts by one figure. */
  export async function topPosts(
    query: PeriodQuery & z.output<typeof TopPostsQuery>,
    now?: number,
  ) {
    const { workspaceId, zone: timeZone } = await zone();
    await withinHistory(workspaceId, timeZone, query, now);
    return readTopPosts(workspaceId, timeZone, query, now);
  }

  /** The best-time heatmap and the slots it suggests. */
  export async function bestTimes(): Promise<BestTimes> {
    const { workspaceId, zone: timeZone } = await zone();
    await Plan.requireFeature("bestTimes", workspaceId);
    return readBestTimes(workspaceId, timeZone);
  }

  /** The suggested slots as one account's posting slots, in the account's zone. */
  export async function suggestedSlots(accountId: string, now?: number) {
    const { workspaceId, zone: timeZone } = await zone();
    await Plan.requireFeature("bestTimes", workspaceId);
    const account = await Account.load(accountId, workspaceId);
    const best = await readBestTimes(workspaceId, timeZone);
    return {
      accountId,
      timeZone: account.timeZone,
      enough: best.enough,
      slots: slotsFor(best.suggestions, timeZone, account.timeZone, now),
    };
  }

  /** Posts with their figures, or the daily rollups, of a period as rows (CSV or JSON). */
  export async function exportFile(
    query: PeriodQuery & z.output<typeof ExportQuery>,
    now?: number,
  ) {
    const { workspaceId, zone: timeZone } = await zone();
    await withinHistory(workspaceId, timeZone, query, now);
    const { period, columns, rows } = await exportRows(workspaceId, timeZone, query, now);
    return {
      period,
      rows,
      csv: () => toCsv(columns, rows),
      fileName: `cadence-${query.kind}-${period.from}-${period.to}.${query.format}`,
    };
  }

  /** The signed-in person's weekly summary switch, and the weekly cron. */
  export const weeklyReport = weeklyEmail;
  export const setWeeklyReport = setWeeklyEmail;
  export const sendWeekly = sendWeeklyReports;

  /** Records one reading of a target: what ingestion does after reading the network. */
  export const record = recordReading;
  /** Files one account reading (followers, following, posts) on its day. */
  export const recordAccount = fileAccountFigures;

  /** Rebuilds the workspace's rollups from its targets' latest readings. */
  export async function backfill(workspaceId: string) {
    return rebuild(workspaceId);
  }

  /** The latest reading of each of the post's targets. */
  export async function forPost(postId: string): Promise<TargetMetrics[]> {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const post = (await db().entities.post.get({ workspaceId, postId }).go()).data;
    if (!post) {
      throw new VisibleError("post_not_found", "There is no such post in this workspace.");
    }
    const readings = await db()
      .entities.postMetrics.query.byPost({ workspaceId, postId })
      .go({ pages: "all" });
    const latest = new Map<string, PostMetricsItem>();
    // Sorted by target then day: the last of each target is its latest.
    for (const reading of readings.data) latest.set(reading.targetId, reading);
    const reportedIn = (reading: PostMetricsItem) =>
      reportedOf(
        Object.fromEntries(figures.map((name) => [name, reading[name]])) as Record<
          (typeof figures)[number],
          number | undefined
        >,
      );
    return [...latest.values()].map((reading) => ({
      targetId: reading.targetId,
      accountId: reading.accountId,
      network: reading.network,
      measuredAt: reading.measuredAt,
      metrics: reportedIn(reading),
      trend: readings.data
        .filter((r) => r.targetId === reading.targetId)
        .map((r) => {
          const reported = reportedIn(r);
          const engagements = engagementsOf(reported);
          return {
            day: r.day,
            ...(reported.impressions !== undefined ? { impressions: reported.impressions } : {}),
            ...(engagements !== undefined ? { engagements } : {}),
          };
        }),
    }));
  }

  /**
   * One run of the metrics cron: every target published in the last `measuredDays` days, found
   * through the sparse published-on index (one small query per day and shard), is read from its
   * network with its account's tokens. `workspaceId` limits a run to one workspace.
   */
  export async function ingest(
    options: { now?: number; workspaceId?: string } = {},
  ): Promise<{ measured: number; skipped: number; failed: number; accounts: number }> {
    const now = options.now ?? Date.now();
    const zones = new Map<string, Promise<string>>();
    const zoneOf = (workspaceId: string) => {
      let zone = zones.get(workspaceId);
      if (!zone) {
        zone = db()
          .entities.workspace.get({ workspaceId })
          .go()
          .then((found) => found.data?.timeZone ?? "UTC");
        zones.set(workspaceId, zone);
      }
      return zone;
    };
    const due: TargetItem[] = [];
    for (let back = 0; back < measuredDays; back += 1) {
      const publishedDay = new Date(now - back * 86_400_000).toISOString().slice(0, 10);
      for (let shard = 0; shard < publishedShards; shard += 1) {
        const page = await db()
          .entities.target.query.publishedOn({ publishedDay, publishedShard: String(shard) })
          .go({ pages: "all", hydrate: true });
        due.push(
          ...page.data.filter(
            (t) => t.externalId && (!options.workspaceId || t.workspaceId === options.workspaceId),
          ),
        );
      }
    }
    const counts = { measured: 0, skipped: 0, failed: 0 };
    for (let i = 0; i < due.length; i += concurrency) {
      const batch = due.slice(i, i + concurrency);
      const results = await Promise.all(batch.map((target) => measure(target, now, zoneOf)));
      for (const result of results) counts[result] += 1;
    }
    const accounts = await accountsDue(now, options.workspaceId);
    let accountsMeasured = 0;
    for (let i = 0; i < accounts.length; i += concurrency) {
      const batch = accounts.slice(i, i + concurrency);
      const results = await Promise.all(
        batch.map(async (account) =>
          recordAccountFigures(account, await zoneOf(account.workspaceId), now).catch(
            (error: unknown) => {
              logWarn("could not read account figures", {
                workspaceId: account.workspaceId,
                accountId: account.accountId,
                network: account.network,
                error: describeError(error),
              });
              return "failed" as const;
            },
          ),
        ),
      );
      accountsMeasured += results.filter((r) => r === "measured").length;
    }
    if (due.length > 0 || accountsMeasured > 0) {
      logInfo("metrics ingested", { ...counts, accounts: accountsMeasured });
    }
    return { ...counts, accounts: accountsMeasured };
  }

  async function measure(
    target: TargetItem,
    now: number,
    zoneOf: (workspaceId: string) => Promise<string>,
  ): Promise<"measured" | "skipped" | "failed"> {
    const { workspaceId, postId, targetId } = target;
    const day = new Date(now).toISOString().slice(0, 10);
    const old = now - Date.parse(target.publishedAt ?? "") > hourlyForMs;
    if (old) {
      const today = await db()
        .entities.postMetrics.get({ workspaceId, postId, targetId, day })
        .go();
      if (today.data) return "skipped";
    }
    return withActor(
      { type: "system", job: "ingest-metrics", workspace: { workspaceId } },
      async () => {
        try {
          const account = await Account.load(target.accountId, workspaceId);
          if (account.status !== "active") return "skipped";
          const tokens = await Credential.tokensFor(workspaceId, target.accountId);
          const metrics = await adapterFor(target.network).metrics({
            tokens,
            accountId: account.externalId,
            externalId: target.externalId ?? "",
          });
          const reported = reportedOf(metrics);
          const measuredAt = new Date(now).toISOString();
          await db()
            .entities.postMetrics.put({
              workspaceId,
              postId,
              targetId,
              day,
              accountId: target.accountId,
              network: target.network,
              measuredAt,
              ...reported,
            })
            .go();
          // A duplicate or late reading is "stale": the rollups already hold a newer one.
          await recordReading({ target, zone: await zoneOf(workspaceId), measuredAt, reported });
          return "measured";
        } catch (error) {
          logWarn("could not read post metrics", {
            workspaceId,
            targetId,
            network: target.network,
            error: describeError(error),
          });
          return "failed";
        }
      },
    );
  }

  function describeError(error: unknown) {
    return error instanceof NetworkError || error instanceof VisibleError
      ? { code: error.code, message: error.message }
      : error instanceof Error
        ? { name: error.name, message: error.message }
        : "unknown";
  }
}
