import { checkOutboundUrl, OutboundError } from "@cadence/networks";
import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { type FeedItem, feedShards } from "../db/entities/feed.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { fn } from "../util/fn.ts";
import { newId, shardOf } from "../util/id.ts";
import "../util/zod.ts";
import { versionConflict } from "../workspace/index.ts";
import { FeedFetchError, fetchFeed } from "./fetch.ts";
import * as Polling from "./poll.ts";
import { History } from "./poll.ts";

/**
 * Feeds into posts: a workspace names an RSS, Atom or JSON Feed and the accounts its entries go
 * to. A cron fetches each enabled feed (conditionally, through the outbound-fetch guard), and
 * each entry it has not seen becomes a post from the feed's template, with the entry's image,
 * into each account's next posting slot, at once, or as a draft to review. A feed that keeps
 * failing is paused and the workspace's admins are told.
 */
export namespace Feed {
  /** A workspace keeps at most this many feeds. */
  export const maxPerWorkspace = 50;
  export const shards = feedShards;
  export const defaultTemplate = "{title}\n\n{link}";
  export const pauseAfter = Polling.pauseAfter;
  export const poll = Polling.poll;
  export const runDue = Polling.runDue;
  export const PollResult = Polling.PollResult;
  export type PollResult = Polling.PollResult;
  export type RunResult = Polling.RunResult;

  const Template = z
    .string()
    .max(5_000)
    .refine((value) => value.trim().length > 0, "write a template, e.g. {title} {link}")
    .describe(
      "The posts' text: {title} the entry's title, {summary} its text (500 characters at most), {link} its address, {feed} the feed's title",
    );

  export const Info = z.object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    title: z.string().nullable().describe("The feed's own title, from its last fetch"),
    accountIds: z.array(z.string()),
    scheduleMode: z.enum(["now", "queue", "draft"]),
    template: z.string(),
    includeImage: z.boolean(),
    backfill: z.number(),
    enabled: z.boolean(),
    pausedReason: z
      .string()
      .nullable()
      .describe("Why Cadence paused the feed (it kept failing); null when a person paused it"),
    lastFetchedAt: z.string().nullable(),
    lastOutcome: z.enum(["fetched", "not_modified"]).nullable(),
    lastError: z.object({ message: z.string(), at: z.string() }).nullable(),
    failures: z.number().describe("Fetches failed in a row"),
    history: z.array(History).describe("The last entries handled: the post made, or why none"),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  function toInfo(item: FeedItem): Info {
    return {
      id: item.feedId,
      name: item.name,
      url: item.url,
      title: item.title || null,
      accountIds: item.accountIds,
      scheduleMode: item.scheduleMode,
      template: item.template,
      includeImage: item.includeImage,
      backfill: item.backfill,
      enabled: item.enabled,
      pausedReason: item.pausedReason || null,
      lastFetchedAt: item.lastFetchedAt ?? null,
      lastOutcome: (item.lastOutcome as Info["lastOutcome"]) ?? null,
      lastError: item.lastError
        ? { message: item.lastError, at: item.lastErrorAt ?? item.updatedAt }
        : null,
      failures: item.failures,
      history: item.history as History[],
      version: item.version,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    };
  }

  const notFound = () =>
    new VisibleError("feed_not_found", "There is no such feed in this workspace.");

  export async function load(feedId: string, workspaceId = useWorkspace()): Promise<FeedItem> {
    const item = (await db().entities.feed.get({ workspaceId, feedId }).go()).data;
    if (!item) throw notFound();
    return item;
  }

  async function feedsOf(workspaceId: string): Promise<FeedItem[]> {
    return (await db().entities.feed.query.byWorkspace({ workspaceId }).go({ pages: "all" })).data;
  }

  export async function list(): Promise<Info[]> {
    assertRole("viewer");
    return (await feedsOf(useWorkspace()))
      .map(toInfo)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  export async function get(feedId: string): Promise<Info> {
    assertRole("viewer");
    return toInfo(await load(feedId));
  }

  /** Each account is this workspace's, once. */
  async function checkAccounts(accountIds: string[]): Promise<void> {
    const workspaceId = useWorkspace();
    const seen = new Set<string>();
    for (const [index, accountId] of accountIds.entries()) {
      const field = `accountIds[${index}]`;
      if (seen.has(accountId)) {
        throw new VisibleError(
          "duplicate_account",
          "Each account can appear once in a feed.",
          field,
        );
      }
      seen.add(accountId);
      const account = (await db().entities.account.get({ workspaceId, accountId }).go()).data;
      if (!account) {
        throw new VisibleError(
          "account_not_found",
          "There is no such social account in this workspace.",
          field,
        );
      }
    }
  }

  /**
   * The address must be one the guard lets through, and answer with a feed now: a typo or a
   * home page is refused while the person is still on the form, not found out at the next run.
   */
  async function checkFeed(url: string): Promise<string> {
    try {
      checkOutboundUrl(url);
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      throw new VisibleError(
        "feed_unreachable",
        `Cadence cannot fetch ${url.slice(0, 200)}: ${error.message}.`,
        "url",
      );
    }
    let body: string;
    try {
      const fetched = await fetchFeed(url);
      body = fetched.status === "fetched" ? fetched.body : "";
    } catch (error) {
      if (!(error instanceof FeedFetchError)) throw error;
      throw new VisibleError(
        "feed_unreachable",
        `Cadence could not fetch ${url.slice(0, 200)}: ${error.message}.`,
        "url",
      );
    }
    const { parseFeedText } = await import("./parse.ts");
    const parsed = parseFeedText(body);
    if (!parsed) {
      throw new VisibleError(
        "not_a_feed",
        `${url.slice(0, 200)} answered, but not with an RSS, Atom or JSON feed.`,
        "url",
      );
    }
    return parsed.title;
  }

  const Name = z.string().trim().min(1, "name the feed").max(80);
  const Url = z
    .url("give the feed's address, starting with https://")
    .max(2_000)
    .describe("The feed's https address (RSS, Atom or JSON Feed)");
  const AccountIds = z
    .array(z.string().min(1).max(64))
    .min(1, "choose at least one account")
    .max(20);
  const ScheduleMode = z
    .enum(["now", "queue", "draft"])
    .describe(
      "queue: each entry into each account's next posting slot; now: publish at once; draft: hold each post as a draft to review and approve",
    );

  export const CreateInput = z.object({
    name: Name,
    url: Url,
    accountIds: AccountIds,
    scheduleMode: ScheduleMode.default("queue"),
    template: Template.default(defaultTemplate),
    includeImage: z.boolean().default(true).describe("Attach the entry's image when it has one"),
    backfill: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(1)
      .describe("How many of the entries already in the feed become posts at its first fetch"),
    enabled: z.boolean().default(true),
  });

  export const create = fn(CreateInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    if ((await feedsOf(workspaceId)).length >= maxPerWorkspace) {
      throw new VisibleError(
        "too_many_feeds",
        `A workspace keeps at most ${maxPerWorkspace} feeds; delete one you no longer use.`,
      );
    }
    await checkAccounts(input.accountIds);
    const title = await checkFeed(input.url);
    const feedId = newId("feed");
    const created = await db()
      .entities.feed.create({
        workspaceId,
        feedId,
        ...input,
        title,
        pollShard: input.enabled ? shardOf(feedId, feedShards) : "",
      })
      .go();
    await Activity.record({
      action: "feed.created",
      subjectType: "feed",
      subjectId: feedId,
      summary: `Added the feed “${input.name}” (${input.url.slice(0, 200)})`,
    });
    return toInfo(created.data);
  });

  export const UpdateInput = z.object({
    feedId: z.string().min(1).max(64),
    expectedVersion: z.number().int().positive(),
    name: Name.optional(),
    url: Url.optional(),
    accountIds: AccountIds.optional(),
    scheduleMode: ScheduleMode.optional(),
    template: Template.optional(),
    includeImage: z.boolean().optional(),
    enabled: z.boolean().optional(),
  });

  export const update = fn(UpdateInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const { feedId, expectedVersion, ...changes } = input;
    const current = await load(feedId);
    if (current.version !== expectedVersion) throw versionConflict("feed", current.version);
    if (changes.accountIds) await checkAccounts(changes.accountIds);
    const urlChanged = changes.url !== undefined && changes.url !== current.url;
    const title = urlChanged && changes.url ? await checkFeed(changes.url) : current.title;
    const enabled = changes.enabled ?? current.enabled;
    const resumed = enabled && !current.enabled;
    try {
      await db()
        .entities.feed.patch({ workspaceId, feedId })
        .set({
          ...changes,
          enabled,
          pollShard: enabled ? shardOf(feedId, feedShards) : "",
          ...(title ? { title } : {}),
          // Turned back on: the failure count starts again and the pause reason goes.
          ...(resumed ? { failures: 0, pausedReason: "" } : {}),
          // Another address: its validators do not apply, and what it lists now is only seen.
          ...(urlChanged ? { etag: "", lastModified: "", primedAt: "" } : {}),
        })
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, expectedVersion))
        .go();
    } catch (error) {
      const latest = await load(feedId);
      if (latest.version !== expectedVersion) throw versionConflict("feed", latest.version);
      throw error;
    }
    await Activity.record({
      action: "feed.updated",
      subjectType: "feed",
      subjectId: feedId,
      summary:
        changes.enabled === false && current.enabled
          ? `Paused the feed “${current.name}”`
          : resumed
            ? `Turned the feed “${current.name}” back on`
            : `Changed the feed “${changes.name ?? current.name}”`,
    });
    return toInfo(await load(feedId));
  });

  export const ByIdInput = z.object({ feedId: z.string().min(1).max(64) });

  /** Deletes the feed and its seen markers; posts it made stay as they are. */
  export const remove = fn(ByIdInput, async ({ feedId }) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const current = await load(feedId);
    await db().entities.feed.delete({ workspaceId, feedId }).go();
    const markers = await db()
      .entities.feedEntry.query.byFeed({ workspaceId, feedId })
      .go({ pages: "all", attributes: ["workspaceId", "feedId", "entryHash"] });
    if (markers.data.length) await db().entities.feedEntry.delete(markers.data).go();
    await Activity.record({
      action: "feed.deleted",
      subjectType: "feed",
      subjectId: feedId,
      summary: `Deleted the feed “${current.name}”`,
    });
  });

  /** "Run now": fetches the feed at once, as the cron would, even while it is paused. */
  export const run = fn(ByIdInput, async ({ feedId }) => {
    assertRole("admin");
    return poll(await load(feedId), { evenIfPaused: true });
  });
}
