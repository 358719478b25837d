import {
  NetworkError,
  type NetworkId,
  networkIds,
  registry,
  type SourcePost,
} from "@cadence/networks";
import * as z from "zod";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace, withActor } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import { ignoreCondition, isConditionFailure } from "../db/condition.ts";
import type { AccountItem } from "../db/entities/account.ts";
import { type AutorepostRuleItem, autorepostShards } from "../db/entities/autorepost-rule.ts";
import { db } from "../db/service.ts";
import { type ErrorCode, userCodeOf, VisibleError } from "../error/index.ts";
import { logWarn } from "../log/index.ts";
import { Media } from "../media/index.ts";
import { adapterFor } from "../network/index.ts";
import { Plan } from "../plan/index.ts";
import { Post } from "../post/index.ts";
import { Overrides } from "../post/schema.ts";
import { assertPublishable } from "../post/validate.ts";
import { fn } from "../util/fn.ts";
import { newId, shardOf } from "../util/id.ts";
import { forEachAtMost } from "../util/pool.ts";
import "../util/zod.ts";
import { versionConflict } from "../workspace/index.ts";
import { contentHash, Filters, filteredOut, render as renderTemplate } from "./content.ts";
import { fittingFor } from "./fitting.ts";
import { loopRefused, loopThrough, repostIdsOn } from "./loops.ts";

/**
 * Autorepost rules: "when this account posts on its network, post it on those accounts too" — a
 * new TikTok video becomes a post on X and Mastodon. The cron (and the "run now" button) reads
 * the source's recent posts through the network's `recentPosts`, and each post it has not seen
 * becomes a Cadence post for the rule's targets, with the rule's template as text.
 *
 * Reposts carry the source post's files where the source network gives them to apps (X,
 * Bluesky, Mastodon: docs/autorepost.md), each fitted per target network by the media rendition
 * step; elsewhere the link stands in. Rules filter what they take, write captions from a
 * template, and publish now, into the next slot, or hold a draft for review. Loops are refused
 * on save and a repost is never taken as a source; the same post twice is reposted once.
 */
export namespace Autorepost {
  /** A workspace keeps at most this many rules. */
  export const maxPerWorkspace = 50;
  /** Each read starts this long before the last one, for posts the network indexed late. */
  export const overlapMs = 10 * 60_000;
  /** How many handled source ids a rule remembers (more than one read ever returns). */
  export const seenLimit = 200;
  const skippedLimit = 20;
  export const defaultTemplate = "{caption}\n\n{hashtags}\n\n{link}";
  /** Partitions of the enabled-rules index the cron reads. */
  export const shards = autorepostShards;

  /** Networks whose accounts can be a rule's source: those whose adapter lists recent posts. */
  export const sourceNetworks: NetworkId[] = networkIds.filter(
    (id) => registry[id].capabilities.autorepostSource,
  );

  const Template = z
    .string()
    .max(5_000)
    .refine((value) => value.trim().length > 0, "write a template, e.g. {caption} {link}");

  export const TargetInput = z.object({
    accountId: z.string().min(1).max(64),
    /** This account's own template, instead of the rule's. */
    template: Template.optional(),
    /** As a post's per-account overrides (title, privacy, postType…); text comes from the template. */
    overrides: Overrides.omit({ text: true, mediaIds: true, thread: true }).default({}),
  });
  type StoredTarget = z.infer<typeof TargetInput>;

  export const Skipped = z.object({
    sourceId: z.string(),
    sourceUrl: z.string(),
    reason: z.string(),
    at: z.string(),
  });
  export type Skipped = z.infer<typeof Skipped>;

  export const Info = z.object({
    id: z.string(),
    name: z.string(),
    sourceAccountId: z.string(),
    sourceNetwork: z.string(),
    targets: z.array(
      z.object({
        accountId: z.string(),
        template: z.string().nullable(),
        overrides: z.record(z.string(), z.unknown()),
        fitting: z
          .object({ video: z.string().nullable(), image: z.string().nullable() })
          .describe(
            "What a copy of the source's video or image is fitted to for this account (null: the network takes none)",
          ),
      }),
    ),
    scheduleMode: z.enum(["now", "queue", "draft"]),
    filters: Filters,
    template: z.string(),
    enabled: z.boolean(),
    lastCheckedAt: z.string(),
    lastError: z.object({ message: z.string(), at: z.string() }).nullable(),
    skipped: z.array(Skipped),
    reposted: z.array(
      z.object({ sourceId: z.string(), sourceUrl: z.string(), postId: z.string(), at: z.string() }),
    ),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  /** Each account's network, for the targets' fitting. */
  async function networksOf(workspaceId: string): Promise<Map<string, string>> {
    const accounts = await db()
      .entities.account.query.byWorkspace({ workspaceId })
      .go({ pages: "all", attributes: ["accountId", "network"] });
    return new Map(accounts.data.map((a) => [a.accountId, a.network]));
  }

  async function infoOf(item: AutorepostRuleItem): Promise<Info> {
    return toInfo(item, await networksOf(item.workspaceId));
  }

  function toInfo(item: AutorepostRuleItem, networks: Map<string, string>): Info {
    return {
      id: item.ruleId,
      name: item.name,
      sourceAccountId: item.sourceAccountId,
      sourceNetwork: item.sourceNetwork,
      targets: (item.targets as StoredTarget[]).map((t) => ({
        accountId: t.accountId,
        template: t.template ?? null,
        overrides: t.overrides,
        fitting: fittingFor(networks.get(t.accountId) ?? "", t.overrides),
      })),
      scheduleMode: item.scheduleMode,
      filters: Filters.parse(item.filters ?? {}),
      template: item.template,
      enabled: item.enabled,
      lastCheckedAt: item.lastCheckedAt,
      lastError: item.lastError
        ? { message: item.lastError, at: item.lastErrorAt ?? item.updatedAt }
        : null,
      skipped: item.skipped as Skipped[],
      reposted: (item.reposted ?? []) as Info["reposted"],
      version: item.version,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    };
  }

  const notFound = () =>
    new VisibleError(
      "autorepost_rule_not_found",
      "There is no such autorepost rule in this workspace.",
    );

  async function load(ruleId: string, workspaceId = useWorkspace()): Promise<AutorepostRuleItem> {
    const item = (await db().entities.autorepostRule.get({ workspaceId, ruleId }).go()).data;
    if (!item) throw notFound();
    return item;
  }

  async function rulesOf(workspaceId: string): Promise<AutorepostRuleItem[]> {
    return (
      await db().entities.autorepostRule.query.byWorkspace({ workspaceId }).go({ pages: "all" })
    ).data;
  }

  export async function list(): Promise<Info[]> {
    assertRole("viewer");
    const networks = await networksOf(useWorkspace());
    return (await rulesOf(useWorkspace()))
      .map((item) => toInfo(item, networks))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  export async function get(ruleId: string): Promise<Info> {
    assertRole("viewer");
    return infoOf(await load(ruleId));
  }

  async function accountOf(accountId: string, field: string): Promise<AccountItem> {
    const account = (
      await db().entities.account.get({ workspaceId: useWorkspace(), accountId }).go()
    ).data;
    if (!account) {
      throw new VisibleError(
        "account_not_found",
        "There is no such social account in this workspace.",
        field,
      );
    }
    return account;
  }

  /** The source can list its posts; each target is this workspace's, once, and not the source. */
  async function checkAccounts(
    sourceAccountId: string,
    targets: StoredTarget[],
  ): Promise<AccountItem> {
    const source = await accountOf(sourceAccountId, "sourceAccountId");
    if (!(sourceNetworks as string[]).includes(source.network)) {
      throw new VisibleError(
        "source_not_supported",
        `Cadence cannot read new posts from ${source.network} accounts. A rule's source can be an account on ${sourceNetworks.join(", ")}.`,
        "sourceAccountId",
        { sourceNetworks },
      );
    }
    const seen = new Set<string>();
    for (const [index, { accountId }] of targets.entries()) {
      const field = `targets[${index}].accountId`;
      if (accountId === sourceAccountId) {
        throw new VisibleError(
          "target_is_source",
          "A rule cannot repost an account's posts onto the same account.",
          field,
        );
      }
      if (seen.has(accountId)) {
        throw new VisibleError(
          "duplicate_account",
          "Each account can appear once in a rule.",
          field,
        );
      }
      seen.add(accountId);
      await accountOf(accountId, field);
    }
    return source;
  }

  const Name = z.string().trim().min(1, "name the rule").max(80);
  const Targets = z.array(TargetInput).min(1, "choose at least one account").max(20);
  const ScheduleMode = z
    .enum(["now", "queue", "draft"])
    .describe(
      "now: publish each repost at once; queue: into each account's next posting slot; draft: hold each repost as a draft to review and approve",
    );

  export const CreateInput = z.object({
    name: Name,
    sourceAccountId: z.string().min(1).max(64),
    targets: Targets,
    scheduleMode: ScheduleMode.default("now"),
    filters: Filters.default({ includeHashtags: [], excludeHashtags: [], mediaTypes: [] }),
    template: Template.default(defaultTemplate).describe(
      "The reposts' text: {caption} the source text without its hashtags, {hashtags} those hashtags, {link} the source post's address, {source} its network",
    ),
    enabled: z.boolean().default(true),
  });

  export const create = fn(CreateInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    await Plan.requireFeature("autorepost", workspaceId);
    if ((await rulesOf(workspaceId)).length >= maxPerWorkspace) {
      throw new VisibleError(
        "too_many_autorepost_rules",
        `A workspace keeps at most ${maxPerWorkspace} autorepost rules; delete one you no longer use.`,
      );
    }
    const source = await checkAccounts(input.sourceAccountId, input.targets);
    refuseLoop(undefined, input.sourceAccountId, input.targets, await rulesOf(workspaceId));
    const ruleId = newId("arr");
    const now = new Date().toISOString();
    const created = await db()
      .entities.autorepostRule.create({
        workspaceId,
        ruleId,
        name: input.name,
        sourceAccountId: input.sourceAccountId,
        sourceNetwork: source.network,
        targets: input.targets,
        scheduleMode: input.scheduleMode,
        filters: input.filters,
        template: input.template,
        enabled: input.enabled,
        pollShard: input.enabled ? shardOf(ruleId, autorepostShards) : "",
        startsAt: now,
        lastCheckedAt: now,
      })
      .go();
    await Activity.record({
      action: "autorepost.created",
      subjectType: "autorepost_rule",
      subjectId: ruleId,
      summary: `Set up autoreposting from ${source.displayName} (${source.network}) to ${input.targets.length} account${input.targets.length === 1 ? "" : "s"}`,
    });
    return infoOf(created.data);
  });

  export const UpdateInput = z.object({
    ruleId: z.string().min(1).max(64),
    expectedVersion: z.number().int().positive(),
    name: Name.optional(),
    sourceAccountId: z.string().min(1).max(64).optional(),
    targets: Targets.optional(),
    scheduleMode: ScheduleMode.optional(),
    filters: Filters.optional(),
    template: Template.optional(),
    enabled: z.boolean().optional(),
  });

  export const update = fn(UpdateInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const { ruleId, expectedVersion, ...changes } = input;
    const current = await load(ruleId);
    if (current.version !== expectedVersion) throw versionConflict("rule", current.version);
    const sourceAccountId = changes.sourceAccountId ?? current.sourceAccountId;
    const targets = changes.targets ?? (current.targets as StoredTarget[]);
    let sourceNetwork = current.sourceNetwork;
    if (changes.sourceAccountId || changes.targets) {
      sourceNetwork = (await checkAccounts(sourceAccountId, targets)).network;
      refuseLoop(ruleId, sourceAccountId, targets, await rulesOf(workspaceId));
    }
    const now = new Date().toISOString();
    const enabled = changes.enabled ?? current.enabled;
    // A rule switched on, or pointed at another source, starts from now: no backfill.
    const restart = (enabled && !current.enabled) || sourceAccountId !== current.sourceAccountId;
    try {
      await db()
        .entities.autorepostRule.patch({ workspaceId, ruleId })
        .set({
          ...changes,
          sourceNetwork,
          enabled,
          pollShard: enabled ? shardOf(ruleId, autorepostShards) : "",
          ...(restart ? { startsAt: now, lastCheckedAt: now } : {}),
          ...(sourceAccountId !== current.sourceAccountId ? { seenIds: [], skipped: [] } : {}),
        })
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, expectedVersion))
        .go();
    } catch (error) {
      const latest = await load(ruleId);
      if (latest.version !== expectedVersion) throw versionConflict("rule", latest.version);
      throw error;
    }
    await Activity.record({
      action: "autorepost.updated",
      subjectType: "autorepost_rule",
      subjectId: ruleId,
      summary:
        changes.enabled === false && current.enabled
          ? `Paused the autorepost rule “${current.name}”`
          : `Changed the autorepost rule “${changes.name ?? current.name}”`,
    });
    return infoOf(await load(ruleId));
  });

  /** Refuses a rule whose targets lead back to its source through the workspace's rules. */
  function refuseLoop(
    ruleId: string | undefined,
    sourceAccountId: string,
    targets: StoredTarget[],
    rules: AutorepostRuleItem[],
  ): void {
    const through = loopThrough(
      { ruleId, sourceAccountId, targetIds: targets.map((t) => t.accountId) },
      rules,
    );
    if (through !== undefined) throw loopRefused(through);
  }

  export const ByIdInput = z.object({ ruleId: z.string().min(1).max(64) });

  /** Deletes the rule; posts it made stay as they are. */
  export const remove = fn(ByIdInput, async ({ ruleId }) => {
    assertRole("admin");
    const current = await load(ruleId);
    await db().entities.autorepostRule.delete({ workspaceId: useWorkspace(), ruleId }).go();
    await Activity.record({
      action: "autorepost.deleted",
      subjectType: "autorepost_rule",
      subjectId: ruleId,
      summary: `Deleted the autorepost rule “${current.name}”`,
    });
  });

  export const Reposted = z.object({
    sourceId: z.string(),
    sourceUrl: z.string(),
    postId: z.string(),
  });
  export const PollResult = z.object({
    ruleId: z.string(),
    /** Source posts read that were new to the rule. */
    found: z.number(),
    reposted: z.array(Reposted),
    skipped: z.array(Skipped),
    /** Why the source could not be read this time (nothing was reposted). */
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  });
  export type PollResult = z.infer<typeof PollResult>;

  /** "Run now": polls the rule at once, as the cron would (admins; the "test this rule" button). */
  export const run = fn(ByIdInput, async ({ ruleId }) => {
    assertRole("admin");
    return poll(await load(ruleId));
  });

  export const render = renderTemplate;

  /**
   * Reads the source's posts since the last check and reposts each new one. Each source post is
   * claimed on the rule first (a conditional append of its id), so two overlapping runs never
   * repost the same post; a target network that refuses the content is left out of the repost
   * and the post is recorded on the rule as skipped with the network's reason.
   */
  export async function poll(rule: AutorepostRuleItem): Promise<PollResult> {
    const { workspaceId, ruleId } = rule;
    return withActor(
      { type: "system", job: "autorepost", workspace: { workspaceId } },
      async () => {
        const result: PollResult = { ruleId, found: 0, reposted: [], skipped: [], error: null };
        if (!rule.enabled) return result;
        const startedAt = new Date().toISOString();
        let posts: SourcePost[];
        try {
          posts = await readSource(rule);
        } catch (error) {
          result.error = await sourceFailed(rule, error);
          return result;
        }
        const seen = new Set(rule.seenIds);
        const fresh = posts.filter(
          (post) =>
            !seen.has(post.externalId) && Date.parse(post.createdAt) >= Date.parse(rule.startsAt),
        );
        result.found = fresh.length;
        const reposts = fresh.length
          ? await repostIdsOn(workspaceId, rule.sourceAccountId, sinceOf(rule))
          : new Set<string>();
        const filters = Filters.parse(rule.filters ?? {});
        for (const post of fresh) {
          const skip = (reason: string) =>
            result.skipped.push({
              sourceId: post.externalId,
              sourceUrl: post.url,
              reason,
              at: new Date().toISOString(),
            });
          const why = reposts.has(post.externalId)
            ? "it is itself a repost Cadence made; reposting it would loop"
            : filteredOut(post, filters);
          if (why) {
            if (await claim(rule, post.externalId)) skip(`Not reposted: ${why}.`);
            continue;
          }
          const claimed = await claimContent(rule, post);
          if (claimed === "taken") continue;
          if (claimed === "duplicate") {
            skip("Not reposted: the same post (same words and files) was reposted before.");
            continue;
          }
          const outcome = await repost(rule, post);
          if ("postId" in outcome) result.reposted.push(outcome);
          else result.skipped.push(outcome);
        }
        await db()
          .entities.autorepostRule.patch({ workspaceId, ruleId })
          .set({ lastCheckedAt: startedAt, lastError: "", lastErrorAt: "" })
          .where((attr, op) => op.lt(attr.lastCheckedAt, startedAt))
          .go()
          .catch(ignoreCondition);
        if (result.skipped.length) await recordSkipped(rule, result.skipped);
        if (result.reposted.length) await recordReposted(rule, result.reposted);
        await trimSeen(rule);
        return result;
      },
    );
  }

  async function readSource(rule: AutorepostRuleItem): Promise<SourcePost[]> {
    const source = await Account.load(rule.sourceAccountId, rule.workspaceId);
    if (source.status !== "active") {
      throw new VisibleError(
        "reconnect_needed",
        `${source.displayName} (${source.network}) must be reconnected before Cadence can read its new posts${source.statusReason ? `: ${source.statusReason}` : "."}`,
      );
    }
    const adapter = adapterFor(source.network);
    if (!adapter.recentPosts) {
      throw new VisibleError(
        "source_not_supported",
        `Cadence cannot read new posts from ${source.network} accounts.`,
      );
    }
    const tokens = await Credential.tokensFor(rule.workspaceId, rule.sourceAccountId);
    return adapter.recentPosts({ tokens, accountId: source.externalId, since: sinceOf(rule) });
  }

  function sinceOf(rule: AutorepostRuleItem): string {
    const since = Math.max(Date.parse(rule.startsAt), Date.parse(rule.lastCheckedAt) - overlapMs);
    return new Date(since).toISOString();
  }

  /** Records why the source could not be read; a refused token flags the account. */
  async function sourceFailed(
    rule: AutorepostRuleItem,
    error: unknown,
  ): Promise<{ code: ErrorCode; message: string }> {
    let code: ErrorCode = "source_unavailable";
    let message = "Cadence could not read the source account's posts; it will try again.";
    if (error instanceof NetworkError) {
      // Transient trouble keeps `source_unavailable`: the next run reads the source again.
      if (error.kind !== "transient") code = userCodeOf(error);
      message = error.userMessage;
      if (error.kind === "auth") {
        await Account.needsReconnect(rule.workspaceId, rule.sourceAccountId, error.userMessage);
        await Activity.record({
          action: "account.reconnect_needed",
          subjectType: "account",
          subjectId: rule.sourceAccountId,
          summary: `The ${rule.sourceNetwork} account needs reconnecting: ${error.userMessage}`,
        });
      }
    } else if (error instanceof VisibleError) {
      code = error.code;
      message = error.message;
    } else {
      logWarn("autorepost source read failed", {
        workspaceId: rule.workspaceId,
        ruleId: rule.ruleId,
        error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
      });
    }
    await db()
      .entities.autorepostRule.patch({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
      .set({ lastError: message, lastErrorAt: new Date().toISOString() })
      .go()
      // The rule may have been deleted meanwhile (patch requires it to exist).
      .catch(ignoreCondition);
    return { code, message };
  }

  /** Takes a source post for this run: true for the one run whose append found it absent. */
  async function claim(rule: AutorepostRuleItem, sourceId: string): Promise<boolean> {
    try {
      await db()
        .entities.autorepostRule.patch({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
        .append({ seenIds: [sourceId] })
        .where((attr, op) => op.notContains(attr.seenIds, sourceId))
        .go();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Takes a source post by its id and its content hash together. "taken": another run has it;
   * "duplicate": its id is new but the same content was handled before (its id is then taken,
   * so it is reported once).
   */
  async function claimContent(
    rule: AutorepostRuleItem,
    post: SourcePost,
  ): Promise<"claimed" | "taken" | "duplicate"> {
    const hash = contentHash(post);
    if (!hash) return (await claim(rule, post.externalId)) ? "claimed" : "taken";
    try {
      await db()
        .entities.autorepostRule.patch({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
        .append({ seenIds: [post.externalId], seenHashes: [hash] })
        .where(
          (attr, op) =>
            `${op.notContains(attr.seenIds, post.externalId)} AND ${op.notContains(attr.seenHashes, hash)}`,
        )
        .go();
      return "claimed";
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    return (await claim(rule, post.externalId)) ? "duplicate" : "taken";
  }

  /** Creates the Cadence post for one source post, leaving out targets that refuse it. */
  async function repost(
    rule: AutorepostRuleItem,
    source: SourcePost,
  ): Promise<z.infer<typeof Reposted> | Skipped> {
    const base = { sourceId: source.externalId, sourceUrl: source.url };
    const skipped = (reason: string): Skipped => ({
      ...base,
      reason,
      at: new Date().toISOString(),
    });
    // The source's files come into the media library; what cannot be fetched is replaced by
    // the source link, so nothing the source showed is lost.
    const mediaIds = await importMedia(rule, source);
    const linkNeeded = mediaIds.length < source.media.length;
    const withLink = (template: string) =>
      linkNeeded && !template.includes("{url}") ? `${template}\n\n{url}` : template;
    const text = render(withLink(rule.template), source, rule.sourceNetwork);
    const accepted: { accountId: string; overrides: Overrides }[] = [];
    const refused: string[] = [];
    for (const target of rule.targets as StoredTarget[]) {
      const account = (
        await db()
          .entities.account.get({ workspaceId: rule.workspaceId, accountId: target.accountId })
          .go()
      ).data;
      if (!account) {
        refused.push(`an account of the rule was disconnected (${target.accountId})`);
        continue;
      }
      const overrides: Overrides = {
        ...target.overrides,
        ...(target.template
          ? { text: render(withLink(target.template), source, rule.sourceNetwork) }
          : {}),
      };
      if (account.status !== "active") {
        refused.push(`${account.displayName} (${account.network}) must be reconnected`);
        continue;
      }
      if (mediaIds.length) {
        const fitted = await fitFor(account.network as NetworkId, mediaIds, overrides);
        if ("error" in fitted) {
          refused.push(`${account.network}: ${fitted.error}`);
          continue;
        }
        if (fitted.mediaIds.some((id, i) => id !== mediaIds[i]))
          overrides.mediaIds = fitted.mediaIds;
      }
      try {
        await assertPublishable(
          { text, mediaIds },
          [{ network: account.network, overrides }],
          (ids) => Media.describe(ids),
        );
        accepted.push({ accountId: account.accountId, overrides });
      } catch (error) {
        if (!(error instanceof VisibleError)) throw error;
        refused.push(`${account.network}: ${error.message}`);
      }
    }
    if (accepted.length === 0) {
      return skipped(refused.join("; ") || "The rule has no accounts to post to.");
    }
    try {
      const post = await Post.create({
        text,
        mediaIds,
        targets: accepted,
        schedule: { mode: rule.scheduleMode },
        tags: ["autorepost"],
        notes: `Reposted from ${source.url}`,
      });
      await Activity.record({
        action: "autorepost.reposted",
        subjectType: "autorepost_rule",
        subjectId: rule.ruleId,
        summary: `Reposted ${source.url} to ${accepted.length} account${accepted.length === 1 ? "" : "s"}${refused.length ? ` (left out ${refused.join("; ")})` : ""}`,
        data: { postId: post.id, sourceId: source.externalId, sourceUrl: source.url },
      });
      if (refused.length) await recordSkipped(rule, [skipped(refused.join("; "))]);
      return { ...base, postId: post.id };
    } catch (error) {
      // The source post stays claimed: a repost is never made twice, even after a failure.
      const reason =
        error instanceof VisibleError
          ? error.message
          : "Cadence could not create the repost; post it by hand.";
      if (!(error instanceof VisibleError)) {
        logWarn("autorepost failed", {
          workspaceId: rule.workspaceId,
          ruleId: rule.ruleId,
          sourceId: source.externalId,
          error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
        });
      }
      return skipped(reason);
    }
  }

  /** Each file as the target network takes it: itself, or its fitted copy (made if need be). */
  async function fitFor(
    network: NetworkId,
    mediaIds: string[],
    overrides: Overrides,
  ): Promise<{ mediaIds: string[] } | { error: string }> {
    const options = { ...overrides } as Record<string, unknown>;
    const fitted: string[] = [];
    for (const mediaId of mediaIds) {
      const copy = await Media.fittedFor(mediaId, network, options);
      if ("error" in copy) return copy;
      fitted.push(copy.mediaId);
    }
    return { mediaIds: fitted };
  }

  /** Imports the source post's files; one that cannot be fetched or is not accepted is left out. */
  async function importMedia(rule: AutorepostRuleItem, source: SourcePost): Promise<string[]> {
    const ids: string[] = [];
    for (const item of source.media.slice(0, 10)) {
      try {
        ids.push((await Media.importFromUrl({ url: item.url })).id);
      } catch (error) {
        logWarn("autorepost could not import a source file", {
          workspaceId: rule.workspaceId,
          ruleId: rule.ruleId,
          sourceId: source.externalId,
          error: error instanceof Error ? error.message : "unknown",
        });
      }
    }
    return ids;
  }

  async function recordSkipped(rule: AutorepostRuleItem, items: Skipped[]): Promise<void> {
    const latest = (
      await db()
        .entities.autorepostRule.get({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
        .go()
    ).data;
    if (!latest) return;
    await db()
      .entities.autorepostRule.patch({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
      .set({ skipped: [...(latest.skipped as Skipped[]), ...items].slice(-skippedLimit) })
      .go()
      .catch(ignoreCondition);
  }

  async function recordReposted(
    rule: AutorepostRuleItem,
    items: z.infer<typeof Reposted>[],
  ): Promise<void> {
    const latest = (
      await db()
        .entities.autorepostRule.get({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
        .go()
    ).data;
    if (!latest) return;
    const at = new Date().toISOString();
    await db()
      .entities.autorepostRule.patch({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
      .set({
        reposted: [
          ...((latest.reposted ?? []) as Info["reposted"]),
          ...items.map((i) => ({ ...i, at })),
        ].slice(-skippedLimit),
      })
      .go()
      .catch(ignoreCondition);
  }

  /** Keeps the newest `seenLimit` ids, unless another run appended meanwhile (it trims next). */
  async function trimSeen(rule: AutorepostRuleItem): Promise<void> {
    const latest = (
      await db()
        .entities.autorepostRule.get({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
        .go()
    ).data;
    if (!latest || latest.seenIds.length <= seenLimit) return;
    const size = latest.seenIds.length;
    await db()
      .entities.autorepostRule.patch({ workspaceId: rule.workspaceId, ruleId: rule.ruleId })
      .set({
        seenIds: latest.seenIds.slice(-seenLimit),
        seenHashes: (latest.seenHashes ?? []).slice(-seenLimit),
      })
      // A number placeholder (typed by a number attribute) for the list's size.
      .where((attr, op) => `${op.size(attr.seenIds)} = ${op.value(attr.version, size)}`)
      .go()
      .catch(ignoreCondition);
  }

  export interface RunResult {
    rules: number;
    reposted: number;
    skipped: number;
    failed: number;
  }

  /** The cron: every enabled rule, a few at a time; one rule's failure never stops the others. */
  export async function runDue(concurrency = 4): Promise<RunResult> {
    const result: RunResult = { rules: 0, reposted: 0, skipped: 0, failed: 0 };
    const due: AutorepostRuleItem[] = [];
    await Promise.all(
      Array.from({ length: autorepostShards }, async (_, shard) => {
        const page = await db()
          .entities.autorepostRule.query.enabledRules({ pollShard: String(shard) })
          .go({ pages: "all" });
        due.push(...page.data);
      }),
    );
    // The index holds the whole item: read it again for the latest seen ids before polling.
    await forEachAtMost(due, concurrency, async (indexed) => {
      result.rules += 1;
      try {
        const rule = (
          await db()
            .entities.autorepostRule.get({
              workspaceId: indexed.workspaceId,
              ruleId: indexed.ruleId,
            })
            .go()
        ).data;
        if (!rule) return;
        const polled = await poll(rule);
        result.reposted += polled.reposted.length;
        result.skipped += polled.skipped.length;
        if (polled.error) result.failed += 1;
      } catch (error) {
        result.failed += 1;
        logWarn("autorepost rule failed", {
          workspaceId: indexed.workspaceId,
          ruleId: indexed.ruleId,
          error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
        });
      }
    });
    return result;
  }
}
