import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { withActor } from "../actor/index.ts";
import { ignoreCondition, isConditionFailure } from "../db/condition.ts";
import { type FeedItem, feedShards } from "../db/entities/feed.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Event } from "../event/index.ts";
import { logWarn } from "../log/index.ts";
import { Media } from "../media/index.ts";
import { Post } from "../post/index.ts";
import { forEachAtMost } from "../util/pool.ts";
import "../util/zod.ts";
import { entryHash, type FeedEntry, renderEntry } from "./entry.ts";
import { FeedFetchError, fetchFeed } from "./fetch.ts";

/** A feed that fails this many fetches in a row is paused and its workspace told. */
export const pauseAfter = 5;
/** At most this many new entries become posts per fetch; older ones beyond are only marked. */
export const maxPostsPerFetch = 10;
const historyLimit = 20;

export const History = z.object({
  entryId: z.string(),
  title: z.string(),
  link: z.string(),
  postId: z.string().nullable().describe("The post made of the entry"),
  reason: z.string().nullable().describe("Why no post was made of it"),
  at: z.string(),
});
export type History = z.infer<typeof History>;

export const PollResult = z.object({
  feedId: z.string(),
  outcome: z.enum(["fetched", "not_modified", "failed", "paused"]),
  /** Entries new to the feed in this fetch. */
  found: z.number(),
  posted: z.array(z.object({ entryId: z.string(), postId: z.string() })),
  skipped: z.array(z.object({ entryId: z.string(), reason: z.string() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type PollResult = z.infer<typeof PollResult>;

const key = (feed: FeedItem) => ({ workspaceId: feed.workspaceId, feedId: feed.feedId });

/**
 * Fetches the feed once and posts each entry no earlier fetch handled. Each entry is claimed
 * by a conditional create of its seen marker before its post is made, so overlapping fetches
 * (the cron, "run now", a repeated run) post it once; a crash between the marker and the post
 * loses that one post rather than ever making it twice. The first fetch marks what the feed
 * already lists as seen, posting only the newest `backfill` of them.
 */
export async function poll(
  feed: FeedItem,
  options: { evenIfPaused?: boolean } = {},
): Promise<PollResult> {
  return withActor(
    { type: "system", job: "feeds", workspace: { workspaceId: feed.workspaceId } },
    async () => {
      const result: PollResult = {
        feedId: feed.feedId,
        outcome: "fetched",
        found: 0,
        posted: [],
        skipped: [],
        error: null,
      };
      if (!feed.enabled && !options.evenIfPaused) return { ...result, outcome: "paused" };
      const startedAt = new Date().toISOString();
      let body: string;
      let validators: { etag?: string; lastModified?: string } = {};
      try {
        const fetched = await fetchFeed(feed.url, {
          etag: feed.etag || undefined,
          lastModified: feed.lastModified || undefined,
        });
        if (fetched.status === "not_modified") {
          await succeeded(feed, { lastFetchedAt: startedAt, lastOutcome: "not_modified" });
          return { ...result, outcome: "not_modified" };
        }
        body = fetched.body;
        validators = { etag: fetched.etag, lastModified: fetched.lastModified };
      } catch (error) {
        if (!(error instanceof FeedFetchError)) throw error;
        return failed(
          feed,
          result,
          "feed_unreachable",
          `Cadence could not fetch the feed: ${error.message}.`,
        );
      }
      const { parseFeedText } = await import("./parse.ts");
      const parsed = parseFeedText(body);
      if (!parsed) {
        return failed(
          feed,
          result,
          "not_a_feed",
          "The address answered, but not with an RSS, Atom or JSON feed.",
        );
      }
      const priming = !feed.primedAt;
      const { post, mark } = split(parsed.entries, priming ? feed.backfill : maxPostsPerFetch);
      const history: History[] = [];
      for (const entry of mark) {
        if ((await claim(feed, entry)) && !priming) {
          history.push(
            entryHistory(entry, null, "More new entries came at once than a fetch posts."),
          );
        }
      }
      for (const entry of post) {
        if (!(await claim(feed, entry))) continue;
        result.found += 1;
        const made = await postOf(feed, entry, parsed.title);
        history.push(entryHistory(entry, made.postId ?? null, made.reason ?? null));
        if (made.postId) result.posted.push({ entryId: entry.id, postId: made.postId });
        else result.skipped.push({ entryId: entry.id, reason: made.reason ?? "" });
      }
      await succeeded(
        feed,
        {
          lastFetchedAt: startedAt,
          lastOutcome: "fetched",
          etag: validators.etag ?? "",
          lastModified: validators.lastModified ?? "",
          ...(parsed.title ? { title: parsed.title } : {}),
          ...(priming ? { primedAt: startedAt } : {}),
        },
        history,
      );
      return result;
    },
  );
}

/** Which entries (oldest first) become posts and which are only marked seen. */
function split(entries: FeedEntry[], posting: number): { post: FeedEntry[]; mark: FeedEntry[] } {
  const cut = Math.max(0, entries.length - posting);
  return { post: entries.slice(cut), mark: entries.slice(0, cut) };
}

function entryHistory(entry: FeedEntry, postId: string | null, reason: string | null): History {
  return {
    entryId: entry.id.slice(0, 500),
    title: entry.title.slice(0, 200),
    link: entry.link.slice(0, 500),
    postId,
    reason,
    at: new Date().toISOString(),
  };
}

/** Takes an entry for this fetch: true for the one fetch whose create found no marker. */
async function claim(feed: FeedItem, entry: FeedEntry): Promise<boolean> {
  try {
    await db()
      .entities.feedEntry.create({
        ...key(feed),
        entryHash: entryHash(feed.feedId, entry),
        entryId: entry.id.slice(0, 500),
      })
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Makes the entry's post; a refusal (text too long for a network…) is kept as the reason. */
async function postOf(
  feed: FeedItem,
  entry: FeedEntry,
  feedTitle: string,
): Promise<{ postId?: string; reason?: string }> {
  const mediaIds: string[] = [];
  if (feed.includeImage && entry.imageUrl) {
    try {
      // The image's address comes from the feed: the import goes through the same guard.
      mediaIds.push((await Media.importFromUrl({ url: entry.imageUrl })).id);
    } catch (error) {
      if (!(error instanceof VisibleError)) throw error;
      logWarn("feed entry image not imported", { ...key(feed), error: error.code });
    }
  }
  try {
    const post = await Post.create({
      text: renderEntry(feed.template, entry, feedTitle || feed.name),
      mediaIds,
      targets: feed.accountIds.map((accountId) => ({ accountId })),
      schedule: { mode: feed.scheduleMode },
      tags: ["feed"],
      notes: `From the feed “${feed.name}”: ${entry.link || entry.id}`.slice(0, 5_000),
    });
    await db()
      .entities.feedEntry.patch({ ...key(feed), entryHash: entryHash(feed.feedId, entry) })
      .set({ postId: post.id })
      .go();
    return { postId: post.id };
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    return { reason: error.message };
  }
}

/** Records a fetch that worked: validators, outcome, the failure streak ended, the history. */
async function succeeded(
  feed: FeedItem,
  changes: Partial<
    Pick<FeedItem, "lastFetchedAt" | "lastOutcome" | "etag" | "lastModified" | "title" | "primedAt">
  >,
  history: History[] = [],
): Promise<void> {
  const write = db()
    .entities.feed.patch(key(feed))
    .set({ ...changes, failures: 0, lastError: "", lastErrorAt: "" });
  await (history.length ? write.append({ history }) : write)
    .go()
    // The feed may have been deleted meanwhile (patch requires it to exist).
    .catch(ignoreCondition);
  if (history.length) await trimHistory(feed);
}

/** Keeps the newest entries of the history, unless another fetch appended meanwhile. */
async function trimHistory(feed: FeedItem): Promise<void> {
  const latest = (await db().entities.feed.get(key(feed)).go()).data;
  if (!latest || latest.history.length <= historyLimit) return;
  const size = latest.history.length;
  await db()
    .entities.feed.patch(key(feed))
    .set({ history: latest.history.slice(-historyLimit) })
    .where((attr, op) => `${op.size(attr.history)} = ${op.value(attr.version, size)}`)
    .go()
    .catch(ignoreCondition);
}

/**
 * Counts a failed fetch; the fetch that takes the streak to `pauseAfter` pauses the feed (a
 * conditional write, so one run does) and tells the workspace's admins once.
 */
async function failed(
  feed: FeedItem,
  result: PollResult,
  code: "feed_unreachable" | "not_a_feed",
  message: string,
): Promise<PollResult> {
  const at = new Date().toISOString();
  const counted = await db()
    .entities.feed.patch(key(feed))
    .set({ lastError: message, lastErrorAt: at, lastFetchedAt: at })
    .add({ failures: 1 })
    .go({ response: "all_new" })
    .catch(ignoreCondition);
  const failures = counted?.data.failures ?? 0;
  if (failures >= pauseAfter) await pause(feed, message, failures);
  return { ...result, outcome: "failed", error: { code, message } };
}

async function pause(feed: FeedItem, message: string, failures: number): Promise<void> {
  const reason = `It failed ${failures} fetches in a row. The last: ${message}`;
  const paused = await db()
    .entities.feed.patch(key(feed))
    .set({ enabled: false, pollShard: "", pausedReason: reason })
    .add({ version: 1 })
    .where((attr, op) => `${op.eq(attr.enabled, true)} AND ${op.gte(attr.failures, pauseAfter)}`)
    .go({ response: "all_new" })
    .catch(ignoreCondition);
  if (!paused) return;
  // Named by the version the pause made: a repeat of this pause tells no one twice.
  await Event.record({
    workspaceId: feed.workspaceId,
    type: "feed.paused",
    cause: `${feed.feedId}#${paused.data.version}`,
    data: { feedId: feed.feedId, url: feed.url, reason },
  });
  await Activity.record({
    action: "feed.paused",
    subjectType: "feed",
    subjectId: feed.feedId,
    summary: `Paused the feed “${feed.name}”: ${reason}`,
  });
}

export interface RunResult {
  feeds: number;
  posted: number;
  failed: number;
}

/** The cron: every enabled feed, a few at a time; one feed's failure never stops the others. */
export async function runDue(concurrency = 4): Promise<RunResult> {
  const result: RunResult = { feeds: 0, posted: 0, failed: 0 };
  const due: FeedItem[] = [];
  await Promise.all(
    Array.from({ length: feedShards }, async (_, shard) => {
      const page = await db()
        .entities.feed.query.enabledFeeds({ pollShard: String(shard) })
        .go({ pages: "all" });
      due.push(...page.data);
    }),
  );
  await forEachAtMost(due, concurrency, async (indexed) => {
    result.feeds += 1;
    try {
      // The index may lag the table: read the feed itself for its validators and state.
      const feed = (await db().entities.feed.get(key(indexed)).go()).data;
      if (!feed) return;
      const polled = await poll(feed);
      result.posted += polled.posted.length;
      if (polled.error) result.failed += 1;
    } catch (error) {
      result.failed += 1;
      logWarn("feed run failed", {
        ...key(indexed),
        error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
      });
    }
  });
  return result;
}
