import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useActor, useRole, useWorkspace } from "../actor/index.ts";
import { needsApproval } from "../approval/rules.ts";
import type { AccountItem } from "../db/entities/account.ts";
import type { PostItem } from "../db/entities/post.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Event } from "../event/index.ts";
import { Media } from "../media/index.ts";
import { Schedule } from "../schedule/index.ts";
import {
  applySignatures,
  autoAppendByAccount,
  signaturesOfWorkspace,
} from "../signature/append.ts";
import { Target, type TargetChange } from "../target/index.ts";
import type { PostWrites } from "../target/post-writes.ts";
import { decodeCursor, encodeCursor } from "../util/cursor.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";
import { versionConflict, Workspace } from "../workspace/index.ts";
import { beingPublished, editRefusal, publishingRefusal } from "./edit-rules.ts";
import { postIdOf, targetIdFor } from "./ids.ts";
import { CreateInput, type Overrides, type PostInfo, TargetInput } from "./schema.ts";
import { editableStates, postStatus } from "./status.ts";
import { dueTimes } from "./timing.ts";
import { assertPublishable, problemsOf } from "./validate.ts";

export * from "./schema.ts";
export { postIdOf, targetIdFor };

/** Posts: written once, adapted per account, scheduled one of four ways, approved when asked. */
export namespace Post {
  const notFound = () =>
    new VisibleError("post_not_found", "There is no such post in this workspace.");

  export interface Loaded {
    post: PostItem;
    targets: TargetItem[];
  }

  /** The post and its targets: one query on the post's partition. */
  export async function load(postId: string, workspaceId = useWorkspace()): Promise<Loaded> {
    if (!/^pst_[0-9a-z]{26}$/.test(postId)) throw notFound();
    const result = await db().collections.post({ workspaceId, postId }).go({ pages: "all" });
    const post = result.data.post[0];
    if (!post) throw notFound();
    return {
      post,
      targets: result.data.target.sort((a, b) => a.targetId.localeCompare(b.targetId)),
    };
  }

  export function toInfo({ post, targets }: Loaded): PostInfo {
    return {
      id: post.postId,
      authorId: post.authorId,
      text: post.text,
      mediaIds: post.mediaIds,
      tags: post.tags,
      campaign: post.campaign ?? null,
      notes: post.notes ?? null,
      schedule: post.schedule as PostInfo["schedule"],
      scheduleText: Schedule.describe(post.schedule as Schedule.Intent),
      warnings: Schedule.warningsOf(post.schedule as Schedule.Intent),
      // Derived from the targets on every read; the stored copy only serves list filters.
      status: postStatus(targets.map((t) => t.state)),
      approval: post.approval,
      approvalComment: post.approvalComment ?? null,
      paused: post.paused,
      version: post.version,
      createdAt: post.createdAt,
      updatedAt: post.updatedAt,
      targets: targets.map((t) => ({
        id: t.targetId,
        accountId: t.accountId,
        network: t.network,
        state: t.state,
        dueAt: t.dueAt || null,
        timeZone: t.timeZone ?? null,
        version: t.version,
        overrides: t.overrides as Overrides,
        externalId: t.externalId ?? null,
        url: t.url ?? null,
        publishedAt: t.publishedAt ?? null,
        error: t.errorCode ? { code: t.errorCode, message: t.errorMessage ?? "" } : null,
      })),
    };
  }

  export const ListInput = z.object({
    month: z
      .string()
      .regex(/^\d{4}-\d{2}$/, "use YYYY-MM")
      .optional(),
    status: z.string().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().optional(),
  });

  /** Posts created in a month (default this one), newest first, optionally by status. */
  export const list = fn(ListInput, async (input) => {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const month = input.month ?? new Date().toISOString().slice(0, 7);
    const scope = `posts:${workspaceId}:${month}:${input.status ?? ""}`;
    const page = await db()
      .entities.post.query.byCreated({ workspaceId, createdMonth: month })
      .where((attr, op) => (input.status ? op.eq(attr.status, input.status) : ""))
      .go({ order: "desc", limit: input.limit, cursor: decodeCursor(input.cursor, scope) });
    const items = await Promise.all(page.data.map(async (post) => toInfo(await load(post.postId))));
    return { items, cursor: encodeCursor(page.cursor, scope) };
  });

  export async function get(postId: string): Promise<PostInfo> {
    assertRole("viewer");
    return toInfo(await load(postId));
  }

  function authorId(): string {
    const actor = useActor();
    return actor.type === "user" ? actor.userId : actor.type === "apikey" ? actor.keyId : actor.job;
  }

  async function accountsFor(
    targets: { accountId: string }[],
    known?: Map<string, AccountItem>,
  ): Promise<AccountItem[]> {
    const seen = new Set<string>();
    return Promise.all(
      targets.map(async ({ accountId }, index) => {
        if (seen.has(accountId)) {
          throw new VisibleError(
            "duplicate_account",
            "Each account can appear once in a post.",
            `targets[${index}].accountId`,
          );
        }
        seen.add(accountId);
        const account = known
          ? known.get(accountId)
          : (await db().entities.account.get({ workspaceId: useWorkspace(), accountId }).go()).data;
        if (!account) {
          throw new VisibleError(
            "account_not_found",
            "There is no such social account in this workspace.",
            `targets[${index}].accountId`,
          );
        }
        return account;
      }),
    );
  }

  function allMediaIds(
    post: { mediaIds: string[] },
    targets: { overrides: Overrides }[],
  ): string[] {
    const ids = new Set(post.mediaIds);
    for (const { overrides } of targets) {
      for (const id of overrides.mediaIds ?? []) ids.add(id);
      for (const part of overrides.thread ?? []) for (const id of part.mediaIds ?? []) ids.add(id);
    }
    return [...ids];
  }

  interface Plan {
    state: TargetItem["state"];
    approval: PostItem["approval"];
    due: Awaited<ReturnType<typeof dueTimes>>;
  }

  /** Validates content for a real schedule, and decides each target's state and due time. */
  async function plan(
    content: { text: string; mediaIds: string[] },
    targets: { overrides: Overrides }[],
    accounts: AccountItem[],
    intent: Schedule.Intent,
    context: { workspace: Workspace.Info; ignoreTargetIds?: Set<string>; lastPublishedAt?: string },
  ): Promise<Plan> {
    if (intent.mode === "draft")
      return { state: "draft", approval: "not_required", due: new Map() };
    for (const [index, account] of accounts.entries()) {
      if (account.pausedByPlan) {
        throw new VisibleError(
          "paused_account",
          `${account.displayName} (${account.network}) is paused: the plan allows fewer connected accounts than this workspace has. Upgrade on the billing page, or disconnect another account, to post to it.`,
          `targets[${index}].accountId`,
        );
      }
      if (account.status !== "active") {
        throw new VisibleError(
          "reconnect_needed",
          `${account.displayName} (${account.network}) must be reconnected before posts can be scheduled to it${account.statusReason ? `: ${account.statusReason}` : "."}`,
          `targets[${index}].accountId`,
        );
      }
    }
    await assertPublishable(
      content,
      targets.map((t, i) => ({ network: accounts[i]?.network ?? "", overrides: t.overrides })),
      (ids) => Media.describe(ids),
    );
    const due = await dueTimes(intent, accounts, {
      workspaceZone: context.workspace.timeZone,
      ignoreTargetIds: context.ignoreTargetIds,
      lastPublishedAt: context.lastPublishedAt,
    });
    const approval = needsApproval(context.workspace.approvalRequired, useRole())
      ? "pending"
      : "not_required";
    return { state: approval === "pending" ? "pending_approval" : "scheduled", approval, due };
  }

  /**
   * A condition refused a change: a target was claimed for publishing, or someone else changed
   * the post, after it was read. Nothing was written; the answer says which.
   */
  async function refused(postId: string): Promise<VisibleError> {
    const { post, targets } = await load(postId);
    const publishing = targets.find((t) => t.state === "publishing");
    if (publishing) return beingPublished(publishing);
    return versionConflict("post", post.version);
  }

  function refuseWhilePublishing(targets: TargetItem[]): void {
    const refusal = publishingRefusal(targets);
    if (refusal) throw refusal;
  }

  export const CheckInput = CreateInput.pick({ text: true, mediaIds: true, targets: true }).extend({
    /** With a schedule: when each account's copy would go out (e.g. which slot the queue picks). */
    schedule: Schedule.Intent.optional(),
  });

  /**
   * The problems scheduling would find, without scheduling: the composer asks as media and
   * accounts change, so a file a network will not take is flagged before Schedule is pressed.
   */
  export const check = fn(CheckInput, async (input) => {
    assertRole("editor");
    const accounts = await accountsFor(input.targets);
    const issues = await problemsOf(
      input,
      input.targets.map((t, i) => ({
        network: accounts[i]?.network ?? "",
        overrides: t.overrides,
      })),
      (ids) => Media.describe(ids),
    );
    if (!input.schedule || input.schedule.mode === "draft") return { issues, due: [] };
    // Accounts without posting slots have no queue time; the composer says so on its own.
    const timed = ["queue", "evergreen"].includes(input.schedule.mode)
      ? accounts.filter((a) =>
          Object.values(a.slots as Record<string, string[]>).some((t) => t.length),
        )
      : accounts;
    const workspace = await Workspace.get(useWorkspace());
    const due = await dueTimes(input.schedule, timed, { workspaceZone: workspace.timeZone });
    return {
      issues,
      due: [...due].map(([accountId, { dueAt, timeZone }]) => ({ accountId, dueAt, timeZone })),
    };
  });

  /**
   * What posts created together share: read once for an import of thousands of rows instead of
   * once per post. `accounts` holds the workspace's accounts by id.
   */
  interface Shared {
    workspace: Workspace.Info;
    accounts?: Map<string, AccountItem>;
    signatures?: Awaited<ReturnType<typeof autoAppendSignatures>>;
  }

  async function autoAppendSignatures(workspaceId: string) {
    return autoAppendByAccount(await signaturesOfWorkspace(workspaceId));
  }

  /** One post, checked and planned, ready to be written. */
  interface Prepared extends PostWrites {
    postId: string;
    approval: PostItem["approval"];
    requestedAt: string;
  }

  /** Validates and plans one post and its targets; nothing is written but media links. */
  async function prepare(input: CreateInput, shared: Shared): Promise<Prepared> {
    const workspaceId = useWorkspace();
    const accounts = await accountsFor(input.targets, shared.accounts);
    const targetInputs = await applySignatures(
      input.targets,
      { text: input.text, mode: input.schedule.mode },
      shared.signatures,
    );
    const decided = await plan(input, targetInputs, accounts, input.schedule, shared);
    const postId = newId("pst");
    const now = new Date().toISOString();
    const mediaIds = allMediaIds(input, input.targets);
    if (mediaIds.length) await Media.attach({ mediaIds, postId });

    const targets = targetInputs.map((target, index) => {
      const account = accounts[index] as AccountItem;
      const due = decided.due.get(account.accountId);
      return {
        workspaceId,
        postId,
        targetId: targetIdFor(postId, index),
        accountId: account.accountId,
        network: account.network,
        overrides: target.overrides,
        state: decided.state,
        dueAt: due?.dueAt ?? "",
        timeZone: due?.timeZone,
        dueMonth: due?.dueAt.slice(0, 7) ?? "",
        occurrence: due?.occurrence ?? 0,
        version: 1,
        preview: (target.overrides.text ?? input.text).slice(0, 280),
        tags: input.tags,
        campaign: input.campaign,
      } satisfies Partial<TargetItem>;
    });
    return {
      postId,
      approval: decided.approval,
      requestedAt: now,
      postWrite: ({ post }) =>
        post
          .create({
            workspaceId,
            postId,
            authorId: authorId(),
            text: input.text,
            mediaIds: input.mediaIds,
            tags: input.tags,
            campaign: input.campaign,
            notes: input.notes,
            schedule: input.schedule,
            status: postStatus(targets.map((t) => t.state)),
            approval: decided.approval,
            approvalRequestedAt: decided.approval === "pending" ? now : "",
            createdMonth: now.slice(0, 7),
          })
          .commit(),
      changes: targets.map((item) => ({ kind: "create", item })),
    };
  }

  /** Writes prepared posts in one transaction, then asks their approvers. */
  async function insert(prepared: Prepared[]): Promise<void> {
    const written = await Target.commitMany(prepared);
    // Fresh ids cannot exist already; a refusal here is a bug, not a race to explain.
    if (!written) throw new Error("a new post's ids were already taken");
    for (const { approval, postId, requestedAt } of prepared) {
      if (approval === "pending") await approvalRequested(useWorkspace(), postId, requestedAt);
    }
  }

  export const create = fn(CreateInput, async (input) => {
    assertRole("editor");
    const workspace = await Workspace.get(useWorkspace());
    const prepared = await prepare(input, { workspace });
    await insert([prepared]);
    const { postId, approval } = prepared;
    const loaded = await load(postId);
    await Activity.record({
      action:
        approval === "pending"
          ? "post.submitted"
          : input.schedule.mode === "draft"
            ? "post.drafted"
            : "post.scheduled",
      subjectType: "post",
      subjectId: postId,
      summary: summaryOf(input.schedule, loaded.targets.length, approval),
    });
    return toInfo(loaded);
  });

  /** DynamoDB takes up to 100 writes in one transaction. */
  const transactionItems = 100;

  /**
   * Creates posts the composer's way (the same checks, scheduling, signatures and approval), many
   * at once: the workspace, its accounts and its signatures are read once for all of them, the
   * posts are written as many to a transaction as fit, and no activity entry is written per post
   * (an import records one for the whole file). Each input's result says its post's id or why it
   * was refused; posts that passed their checks are written whatever the others' results.
   */
  export async function createMany(
    inputs: z.input<typeof CreateInput>[],
  ): Promise<PromiseSettledResult<string>[]> {
    assertRole("editor");
    const workspaceId = useWorkspace();
    const [workspace, accounts, signatures] = await Promise.all([
      Workspace.get(workspaceId),
      db().entities.account.query.byWorkspace({ workspaceId }).go({ pages: "all" }),
      autoAppendSignatures(workspaceId),
    ]);
    const shared: Shared = {
      workspace,
      accounts: new Map(accounts.data.map((a) => [a.accountId, a])),
      signatures,
    };
    const results = await Promise.allSettled(
      inputs.map((input) => prepare(CreateInput.parse(input), shared)),
    );
    const ready = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    let group: Prepared[] = [];
    let items = 0;
    for (const prepared of ready) {
      const size = prepared.changes.length + 1;
      if (items + size > transactionItems && group.length) {
        await insert(group);
        group = [];
        items = 0;
      }
      group.push(prepared);
      items += size;
    }
    if (group.length) await insert(group);
    return results.map((r) =>
      r.status === "fulfilled" ? { status: "fulfilled", value: r.value.postId } : r,
    );
  }

  /** The approvers are asked once per request: the request's time names the event. */
  function approvalRequested(workspaceId: string, postId: string, requestedAt: string) {
    return Event.record({
      workspaceId,
      type: "approval.requested",
      cause: `${postId}@${requestedAt}`,
      data: { postId, authorId: authorId(), requestedAt, comment: null },
    });
  }

  function summaryOf(
    intent: Schedule.Intent,
    count: number,
    approval: PostItem["approval"],
  ): string {
    const where = `${count} account${count === 1 ? "" : "s"}`;
    if (intent.mode === "draft") return `Saved a draft for ${where}`;
    const how =
      intent.mode === "at"
        ? `for ${intent.at} ${intent.timeZone}`
        : intent.mode === "now"
          ? "to publish now"
          : intent.mode === "queue"
            ? "into the queue"
            : intent.mode === "recurring"
              ? `to repeat (${intent.rrule})`
              : "as evergreen";
    return approval === "pending"
      ? `Submitted for approval, ${how}, to ${where}`
      : `Scheduled ${how} to ${where}`;
  }

  export const UpdateInput = z.object({
    postId: z.string(),
    expectedVersion: z.number().int().positive(),
    text: z.string().max(100_000).optional(),
    mediaIds: z.array(z.string()).max(35).optional(),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
    campaign: z.string().trim().max(100).nullable().optional(),
    notes: z.string().max(5_000).nullable().optional(),
    targets: z.array(TargetInput).min(1).max(50).optional(),
    schedule: Schedule.Intent.optional(),
  });

  /**
   * Edits content, accounts or schedule. Every target still to go out gets a new version and a
   * new schedule (the old message becomes stale); an editor's change in a workspace that asks
   * for approval sends the post back for approval.
   */
  export const update = fn(UpdateInput, async (input) => {
    assertRole("editor");
    const workspaceId = useWorkspace();
    const current = await load(input.postId);
    const refusal = editRefusal(current.post, current.targets, input.expectedVersion);
    if (refusal) throw refusal;
    const workspace = await Workspace.get(workspaceId);
    const content = {
      text: input.text ?? current.post.text,
      mediaIds: input.mediaIds ?? current.post.mediaIds,
    };
    const intent = input.schedule ?? (current.post.schedule as Schedule.Intent);
    const targetInputs = await applySignatures(
      input.targets ??
        current.targets.map((t) => ({
          accountId: t.accountId,
          overrides: t.overrides as Overrides,
        })),
      { text: content.text, mode: intent.mode, previousText: current.post.text },
    );
    const accounts = await accountsFor(targetInputs);
    const decided = await plan(content, targetInputs, accounts, intent, {
      workspace,
      ignoreTargetIds: new Set(current.targets.map((t) => t.targetId)),
      lastPublishedAt: current.post.lastPublishedAt,
    });

    // Keep each account's target id (its history); new accounts get new ids after the old ones.
    const byAccount = new Map(current.targets.map((t) => [t.accountId, t]));
    let next = current.targets.reduce(
      (max, t) => Math.max(max, Number(t.targetId.split("_").at(-1)) + 1),
      0,
    );
    const tags = input.tags ?? current.post.tags;
    const campaign =
      input.campaign === null ? undefined : (input.campaign ?? current.post.campaign);
    const desired = targetInputs.map((target, index) => {
      const account = accounts[index] as AccountItem;
      const existing = byAccount.get(account.accountId);
      const due = decided.due.get(account.accountId);
      return {
        workspaceId,
        postId: input.postId,
        targetId: existing?.targetId ?? targetIdFor(input.postId, next++),
        accountId: account.accountId,
        network: account.network,
        overrides: target.overrides,
        state: decided.state,
        dueAt: due?.dueAt ?? "",
        timeZone: due?.timeZone,
        dueMonth: due?.dueAt.slice(0, 7) ?? "",
        occurrence: due?.occurrence ?? 0,
        version: (existing?.version ?? 0) + 1,
        attempt: 0,
        preview: (target.overrides.text ?? content.text).slice(0, 280),
        tags,
        campaign,
        createdAt: existing?.createdAt,
      } satisfies Partial<TargetItem>;
    });
    const removed = current.targets.filter((t) => !desired.some((d) => d.targetId === t.targetId));
    const now = new Date().toISOString();
    const mediaIds = allMediaIds(content, targetInputs);

    const written = await Target.commit(
      ({ post }) =>
        post
          .patch({ workspaceId, postId: input.postId })
          .set({
            text: content.text,
            mediaIds: content.mediaIds,
            tags,
            schedule: intent,
            status: postStatus(desired.map((t) => t.state)),
            approval: decided.approval,
            paused: false,
            ...(input.campaign !== undefined && input.campaign !== null
              ? { campaign: input.campaign }
              : {}),
            ...(input.notes !== undefined && input.notes !== null ? { notes: input.notes } : {}),
            approvalRequestedAt: decided.approval === "pending" ? now : "",
          })
          .add({ version: 1 })
          .where((attr, op) => op.eq(attr.version, input.expectedVersion))
          .commit(),
      [
        ...desired.map((t): TargetChange => {
          const { createdAt, ...item } = t;
          const laid = { ...item, ...(createdAt ? { createdAt } : {}) };
          const before = byAccount.get(t.accountId);
          return before ? { kind: "replace", before, item: laid } : { kind: "create", item: laid };
        }),
        ...removed.map((before): TargetChange => ({ kind: "delete", before })),
      ],
    );
    if (!written) throw await refused(input.postId);
    if (decided.approval === "pending") await approvalRequested(workspaceId, input.postId, now);
    await Media.detach({ postId: input.postId });
    if (mediaIds.length) await Media.attach({ mediaIds, postId: input.postId });
    const loaded = await load(input.postId);
    await Activity.record({
      action: decided.approval === "pending" ? "post.submitted" : "post.updated",
      subjectType: "post",
      subjectId: input.postId,
      summary:
        input.schedule && !input.text && !input.targets
          ? summaryOf(intent, loaded.targets.length, decided.approval)
          : `Edited the post${decided.approval === "pending" ? " and sent it for approval" : ""}`,
    });
    return toInfo(loaded);
  });

  export const ByIdInput = z.object({ postId: z.string() });

  /** Stops every pending target; the schedule intent stays, so resume picks it up again. */
  export const pause = fn(ByIdInput, async ({ postId }) => {
    assertRole("editor");
    const workspaceId = useWorkspace();
    const { post, targets } = await load(postId);
    refuseWhilePublishing(targets);
    const active = targets.filter((t) => t.state === "scheduled" || t.state === "pending_approval");
    if (active.length === 0) {
      throw new VisibleError("nothing_to_pause", "Nothing in this post is waiting to go out.");
    }
    const written = await Target.commit(
      ({ post: posts }) =>
        posts
          .patch({ workspaceId, postId })
          .set({ paused: true, status: "draft" })
          .add({ version: 1 })
          .where((attr, op) => op.eq(attr.version, post.version))
          .commit(),
      active.map((before): TargetChange => ({ kind: "move", before, to: "draft" })),
    );
    if (!written) throw await refused(postId);
    await Activity.record({
      action: "post.paused",
      subjectType: "post",
      subjectId: postId,
      summary: "Paused the post",
    });
    return toInfo(await load(postId));
  });

  export const resume = fn(ByIdInput, async ({ postId }) => {
    const { post } = await load(postId);
    if (!post.paused) throw new VisibleError("not_paused", "This post is not paused.");
    return update({
      postId,
      expectedVersion: post.version,
      schedule: post.schedule as Schedule.Intent,
    });
  });

  /** Cancels every target that has not gone out; published ones stay as they are. */
  export const cancel = fn(ByIdInput, async ({ postId }) => {
    assertRole("editor");
    const workspaceId = useWorkspace();
    const { post, targets } = await load(postId);
    refuseWhilePublishing(targets);
    const open = targets.filter((t) => editableStates.includes(t.state) && t.state !== "canceled");
    const states = targets.map((t) => (open.includes(t) ? "canceled" : t.state));
    const written = await Target.commit(
      ({ post: posts }) =>
        posts
          .patch({ workspaceId, postId })
          .set({
            status: postStatus(states),
            paused: false,
            approval: post.approval === "pending" ? "not_required" : post.approval,
            approvalRequestedAt: "",
          })
          .add({ version: 1 })
          .where((attr, op) => op.eq(attr.version, post.version))
          .commit(),
      open.map((before): TargetChange => ({ kind: "move", before, to: "canceled" })),
    );
    if (!written) throw await refused(postId);
    await Media.release({ postId });
    await Activity.record({
      action: "post.canceled",
      subjectType: "post",
      subjectId: postId,
      summary: "Canceled the post",
    });
    return toInfo(await load(postId));
  });

  /** A new draft with the same content, accounts and overrides. */
  export const duplicate = fn(ByIdInput, async ({ postId }) => {
    const { post, targets } = await load(postId);
    return create({
      text: post.text,
      mediaIds: post.mediaIds,
      tags: post.tags,
      campaign: post.campaign,
      notes: post.notes,
      targets: targets.map((t) => ({
        accountId: t.accountId,
        overrides: t.overrides as Overrides,
      })),
      schedule: { mode: "draft" },
    });
  });

  export const RetryInput = z.object({ postId: z.string(), targetId: z.string() });

  /** A failed or needs-review target goes out again now, under a new version. */
  export const retryTarget = fn(RetryInput, async ({ postId, targetId }) => {
    assertRole("editor");
    const { targets } = await load(postId);
    const target = targets.find((t) => t.targetId === targetId);
    if (!target)
      throw new VisibleError("target_not_found", "This post has no such account target.");
    if (target.state !== "failed" && target.state !== "needs_review") {
      throw new VisibleError(
        "not_retryable",
        `Only failed or needs-review targets can be retried; this one is ${target.state}.`,
      );
    }
    const [account] = await accountsFor([{ accountId: target.accountId }]);
    if (account?.status !== "active") {
      throw new VisibleError(
        "reconnect_needed",
        `${account?.displayName ?? "The account"} must be reconnected first${account?.statusReason ? `: ${account.statusReason}` : "."}`,
      );
    }
    const dueAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    if (!(await Target.schedule(target, dueAt))) throw await refused(postId);
    await Activity.record({
      action: "target.retried",
      subjectType: "post",
      subjectId: postId,
      summary: `Retrying on ${target.network}`,
    });
    return toInfo(await load(postId));
  });

  /** Deletes the post; what already went out stays on the networks. */
  export const remove = fn(ByIdInput, async ({ postId }) => {
    assertRole("editor");
    const workspaceId = useWorkspace();
    const { post: current, targets } = await load(postId);
    refuseWhilePublishing(targets);
    const written = await Target.commit(
      ({ post }) =>
        post
          .delete({ workspaceId, postId })
          .where((attr, op) => op.eq(attr.version, current.version))
          .commit(),
      targets.map((before): TargetChange => ({ kind: "delete", before })),
    );
    if (!written) throw await refused(postId);
    await Media.detach({ postId });
    await Activity.record({
      action: "post.deleted",
      subjectType: "post",
      subjectId: postId,
      summary: "Deleted the post",
    });
  });
}
