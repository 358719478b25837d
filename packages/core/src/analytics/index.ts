import { NetworkError, type PostMetrics } from "@cadence/networks";
import { Account } from "../account/index.ts";
import { assertRole, useWorkspace, withActor } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import type { PostMetricsItem } from "../db/entities/post-metrics.ts";
import { publishedShards, type TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { adapterFor } from "../network/index.ts";
import { z } from "../util/zod.ts";

const figures = [
  "impressions",
  "reach",
  "likes",
  "comments",
  "shares",
  "saves",
  "clicks",
  "videoViews",
] as const satisfies readonly (keyof PostMetrics)[];

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
  });
  export type TargetMetrics = z.infer<typeof TargetMetrics>;

  /** The latest reading of each of the post's targets. */
  export async function forPost(postId: string): Promise<TargetMetrics[]> {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const post = (await db().entities.post.get({ workspaceId, postId }).go()).data;
    if (!post) {
      throw new VisibleError(
        "not_found",
        "post_not_found",
        "There is no such post in this workspace.",
      );
    }
    const readings = await db()
      .entities.postMetrics.query.byPost({ workspaceId, postId })
      .go({ pages: "all" });
    const latest = new Map<string, PostMetricsItem>();
    // Sorted by target then day: the last of each target is its latest.
    for (const reading of readings.data) latest.set(reading.targetId, reading);
    return [...latest.values()].map((reading) => ({
      targetId: reading.targetId,
      accountId: reading.accountId,
      network: reading.network,
      measuredAt: reading.measuredAt,
      metrics: Object.fromEntries(
        figures.flatMap((name) => (reading[name] === undefined ? [] : [[name, reading[name]]])),
      ),
    }));
  }

  /**
   * One run of the metrics cron: every target published in the last `measuredDays` days, found
   * through the sparse published-on index (one small query per day and shard), is read from its
   * network with its account's tokens. `workspaceId` limits a run to one workspace.
   */
  export async function ingest(
    options: { now?: number; workspaceId?: string } = {},
  ): Promise<{ measured: number; skipped: number; failed: number }> {
    const now = options.now ?? Date.now();
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
      const results = await Promise.all(batch.map((target) => measure(target, now)));
      for (const result of results) counts[result] += 1;
    }
    if (due.length > 0) logInfo("metrics ingested", { ...counts });
    return counts;
  }

  async function measure(
    target: TargetItem,
    now: number,
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
          const reported = Object.fromEntries(
            figures.flatMap((name) =>
              typeof metrics[name] === "number" ? [[name, metrics[name]]] : [],
            ),
          );
          await db()
            .entities.postMetrics.put({
              workspaceId,
              postId,
              targetId,
              day,
              accountId: target.accountId,
              network: target.network,
              measuredAt: new Date(now).toISOString(),
              ...reported,
            })
            .go();
          return "measured";
        } catch (error) {
          logWarn("could not read post metrics", {
            workspaceId,
            targetId,
            network: target.network,
            error:
              error instanceof NetworkError || error instanceof VisibleError
                ? { code: error.code, message: error.message }
                : error instanceof Error
                  ? { name: error.name, message: error.message }
                  : "unknown",
          });
          return "failed";
        }
      },
    );
  }
}
