import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { ignoreCondition } from "../db/condition.ts";
import { type AccountItem, accountStatuses } from "../db/entities/account.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Event } from "../event/index.ts";
import { Usage } from "../plan/usage.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import { webUrl } from "../util/web-url.ts";
import "../util/zod.ts";
import { TimeZone } from "../util/zone.ts";
import { versionConflict } from "../workspace/index.ts";

/** Connected social accounts, their posting slots and their queue. */
export namespace Account {
  export const Info = z.object({
    id: z.string(),
    network: z.string(),
    externalId: z.string(),
    handle: z.string(),
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    profileUrl: z.string().nullable(),
    kind: z.string(),
    status: z.enum(accountStatuses),
    statusReason: z.string().nullable(),
    /** Paused because the plan allows fewer accounts: its posts are held until an upgrade. */
    pausedByPlan: z.boolean(),
    timeZone: z.string(),
    slots: z.record(z.string(), z.array(z.string())),
    version: z.number(),
  });
  export type Info = z.infer<typeof Info>;

  export function toInfo(item: AccountItem): Info {
    return {
      id: item.accountId,
      network: item.network,
      externalId: item.externalId,
      handle: item.handle,
      displayName: item.displayName,
      avatarUrl: item.avatarUrl ?? null,
      profileUrl: item.profileUrl ?? null,
      kind: item.kind,
      status: item.status,
      statusReason: item.statusReason ?? null,
      pausedByPlan: item.pausedByPlan ?? false,
      timeZone: item.timeZone,
      slots: (item.slots ?? {}) as Record<string, string[]>,
      version: item.version,
    };
  }

  export const notFound = () =>
    new VisibleError("account_not_found", "There is no such social account in this workspace.");

  export async function load(
    accountId: string,
    workspaceId = useWorkspace(),
  ): Promise<AccountItem> {
    const item = (await db().entities.account.get({ workspaceId, accountId }).go()).data;
    if (!item) throw notFound();
    return item;
  }

  export async function list(): Promise<Info[]> {
    assertRole("viewer");
    const items = await db()
      .entities.account.query.byWorkspace({ workspaceId: useWorkspace() })
      .go({ pages: "all" });
    return items.data
      .map(toInfo)
      .sort((a, b) => a.network.localeCompare(b.network) || a.handle.localeCompare(b.handle));
  }

  export async function get(accountId: string): Promise<Info> {
    assertRole("viewer");
    return toInfo(await load(accountId));
  }

  export const ConnectInput = z.object({
    network: z.string(),
    externalId: z.string(),
    handle: z.string(),
    displayName: z.string(),
    avatarUrl: z.string().optional(),
    profileUrl: z.string().optional(),
    kind: z.string().default("profile"),
    timeZone: TimeZone.optional(),
  });

  /**
   * Records a connected account, or refreshes the existing one when the same network account is
   * connected again: its posts, slots and settings stay. The connect flow calls this after the
   * network confirmed who the person is.
   */
  export const connect = fn(ConnectInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const existing = await db()
      .entities.account.query.byExternal({
        workspaceId,
        network: input.network,
        externalId: input.externalId,
      })
      .go();
    const current = existing.data[0];
    const refreshed = {
      handle: input.handle,
      displayName: input.displayName,
      avatarUrl: webUrl(input.avatarUrl),
      profileUrl: webUrl(input.profileUrl),
      status: "active" as const,
    };
    if (current) {
      // A disconnected account counts again once reconnected: that takes a slot of the plan.
      const counted =
        current.status === "disconnected" &&
        (await Usage.take(workspaceId, "accounts", ({ account }) => [
          account
            .patch({ workspaceId, accountId: current.accountId })
            .set(refreshed)
            .remove(["statusReason"])
            .add({ version: 1 })
            .where((attr, op) => op.eq(attr.status, "disconnected"))
            .commit(),
        ]));
      if (!counted) {
        await db()
          .entities.account.patch({ workspaceId, accountId: current.accountId })
          .set(refreshed)
          .remove(["statusReason"])
          .add({ version: 1 })
          .go();
      }
      return toInfo(await load(current.accountId));
    }
    const accountId = newId("acc");
    await Usage.take(workspaceId, "accounts", ({ account }) => [
      account
        .create({
          workspaceId,
          accountId,
          network: input.network,
          externalId: input.externalId,
          handle: input.handle,
          displayName: input.displayName,
          avatarUrl: webUrl(input.avatarUrl),
          profileUrl: webUrl(input.profileUrl),
          kind: input.kind,
          timeZone: input.timeZone ?? "UTC",
          slots: {},
        })
        .commit(),
    ]);
    const created = { data: await load(accountId) };
    await Event.record({
      workspaceId,
      type: "account.connected",
      cause: accountId,
      data: { accountId, network: input.network, reason: null, expiresAt: null },
    });
    await Activity.record({
      action: "account.connected",
      subjectType: "account",
      subjectId: accountId,
      summary: `Connected ${input.network} account ${input.handle}`,
    });
    return toInfo(created.data);
  });

  const HHmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use 24-hour HH:mm, e.g. 09:30");

  export const SlotsInput = z.object({
    accountId: z.string().min(1),
    timeZone: TimeZone,
    slots: z
      .record(z.enum(["1", "2", "3", "4", "5", "6", "7"]), z.array(HHmm).max(24))
      .describe("ISO weekday (1 = Monday) → local times"),
    expectedVersion: z.number().int().positive().optional(),
  });

  export const setSlots = fn(SlotsInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const account = await load(input.accountId);
    if (input.expectedVersion !== undefined && input.expectedVersion !== account.version) {
      throw versionConflict("account", account.version);
    }
    const slots = Object.fromEntries(
      Object.entries(input.slots).map(([day, times]) => [day, [...new Set(times)].sort()]),
    );
    await db()
      .entities.account.patch({ workspaceId, accountId: input.accountId })
      .set({ timeZone: input.timeZone, slots })
      .add({ version: 1 })
      .go();
    await Activity.record({
      action: "account.slots_changed",
      subjectType: "account",
      subjectId: input.accountId,
      summary: `Changed the posting slots of ${account.handle}`,
    });
    return toInfo(await load(input.accountId));
  });

  /** The account's targets due in [from, to), by due time (its calendar and queue). */
  export async function targetsBetween(
    accountId: string,
    from: string,
    to: string,
  ): Promise<TargetItem[]> {
    const result = await db()
      .entities.target.query.byAccount({ accountId })
      .between({ dueAt: from }, { dueAt: to })
      .go({ pages: "all", hydrate: true });
    return result.data;
  }

  /** Marks the account as needing a reconnect, with the network's reason. */
  export async function needsReconnect(
    workspaceId: string,
    accountId: string,
    reason: string,
  ): Promise<void> {
    // Only the write that flags it tells anyone: an account already flagged stays as it is.
    const flagged = await db()
      .entities.account.patch({ workspaceId, accountId })
      .set({ status: "reconnect_needed", statusReason: reason })
      .add({ version: 1 })
      .where((attr, op) => op.ne(attr.status, "reconnect_needed"))
      .go({ response: "all_new" })
      .catch(ignoreCondition);
    if (!flagged) return;
    await Event.record({
      workspaceId,
      type: "account.reconnect_needed",
      cause: `${accountId}@${flagged.data.version}`,
      data: { accountId, network: flagged.data.network, reason, expiresAt: null },
    });
  }
}
