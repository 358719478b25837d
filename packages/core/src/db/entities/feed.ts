import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/** The feeds cron reads enabled feeds from this many partitions of its index. */
export const feedShards = 8;

/**
 * An RSS, Atom or JSON Feed a workspace turns into posts. Few per workspace, so they live in the
 * workspace's partition; the cron finds the enabled ones across tenants in a sparse, sharded
 * index (`pollShard` is "" while the feed is paused, which takes it out).
 */
export const FeedEntity = new Entity({
  model: { entity: "feed", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    feedId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    url: { type: "string", required: true },
    /** The accounts each entry is posted to: [accountId]. */
    accountIds: { type: "list", items: { type: "string" }, required: true },
    /** queue: each account's next posting slot; draft: held for review; now: at once. */
    scheduleMode: { type: ["now", "queue", "draft"] as const, required: true, default: "queue" },
    /** The posts' text: `{title}`, `{summary}`, `{link}`, `{feed}` (feed/entry.ts). */
    template: { type: "string", required: true },
    /** Whether an entry's image comes with its post. */
    includeImage: { type: "boolean", required: true, default: true },
    /** How many of the entries present at the first fetch become posts (the rest are seen). */
    backfill: { type: "number", required: true, default: 1 },
    enabled: { type: "boolean", required: true, default: true },
    /** Why the feed was paused by Cadence (it kept failing); "" when a person paused it. */
    pausedReason: { type: "string" },
    /** The shard of the enabled-feeds index, "" while paused (sparse). */
    pollShard: { type: "string", required: true, default: "" },
    /** Set by the first fetch that read entries: later fetches post what is new. */
    primedAt: { type: "string" },
    /** The validators of the last full answer, sent back as If-None-Match / If-Modified-Since. */
    etag: { type: "string" },
    lastModified: { type: "string" },
    /** The feed's own title, from its last full answer. */
    title: { type: "string" },
    lastFetchedAt: { type: "string" },
    /** "fetched" (a full answer was read) or "not_modified" (304). */
    lastOutcome: { type: "string" },
    lastError: { type: "string" },
    lastErrorAt: { type: "string" },
    /** Fetches failed in a row; the feed pauses when it reaches Feed.pauseAfter. */
    failures: { type: "number", required: true, default: 0 },
    /** The last entries it handled: [{ entryId, title, link, postId | null, reason | null, at }]. */
    history: { type: "list", items: { type: "any" }, required: true, default: () => [] },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: ["feedId"], template: "feed#${feedId}" },
    },
    // The feeds cron: enabled feeds across tenants, in a few partitions.
    enabledFeeds: {
      index: "gsi1",
      condition: (attr) => Boolean(attr.pollShard),
      pk: { field: "gsi1pk", composite: ["pollShard"], template: "feed#${pollShard}" },
      sk: {
        field: "gsi1sk",
        composite: ["workspaceId", "feedId"],
        template: "${workspaceId}#${feedId}",
      },
    },
  },
});
export type FeedItem = EntityItem<typeof FeedEntity>;

/**
 * "This entry of this feed was handled": created with a condition before its post is made, so
 * two overlapping fetches (the cron and "run now", a retried run) post an entry once. Keyed by a
 * hash of the entry's id (guid, Atom id, JSON Feed id, else its link) in the feed's own
 * partition, so one busy feed never shares a partition with another.
 */
export const FeedEntryEntity = new Entity({
  model: { entity: "feedEntry", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    feedId: { type: "string", required: true, readOnly: true },
    entryHash: { type: "string", required: true, readOnly: true },
    entryId: { type: "string", required: true },
    /** The post made of it, once made; absent for an entry only marked seen (backfill). */
    postId: { type: "string" },
    seenAt: { type: "string", required: true, default: () => new Date().toISOString() },
  },
  indexes: {
    byFeed: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "feedId"],
        template: "ws#${workspaceId}#feed#${feedId}",
      },
      sk: { field: "sk", composite: ["entryHash"], template: "entry#${entryHash}" },
    },
  },
});
export type FeedEntryItem = EntityItem<typeof FeedEntryEntity>;
