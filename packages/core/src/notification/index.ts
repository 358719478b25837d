import * as z from "zod";
import { assertRole, useUser, useWorkspace } from "../actor/index.ts";
import { ignoreCondition, unlessConditionFails } from "../db/condition.ts";
import type { EventItem } from "../db/entities/event.ts";
import type { NotificationItem } from "../db/entities/notification.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { noticeOf } from "../event/catalog.ts";
import { type EventType, eventSpecs } from "../event/index.ts";
import { decodeCursor, encodeCursor } from "../util/cursor.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";
import { sendDigests } from "./digest.ts";
import { flushMail, joinMail, readUnsubscribeToken } from "./mail.ts";
import {
  channelFor,
  loadPreferences,
  myPreferences,
  PreferencesInfo,
  PreferencesInput,
  savePreferences,
} from "./preferences.ts";

/**
 * In-app notifications (the bell) and who is told of each event: the audience the catalogue
 * names (the post's author, or the workspace's owners and admins), each on the channel they
 * chose. Mail goes through a per-person batch (mail.ts); digests through digest.ts.
 */
export namespace Notification {
  export const keepDays = 90;

  export const Info = z
    .object({
      id: z.string(),
      eventId: z.string().describe("The event it tells of"),
      type: z.string(),
      occurredAt: z.string(),
      title: z.string(),
      body: z.string(),
      link: z.string().describe("Where the thing concerned is shown (a site path)"),
      fix: z.object({ label: z.string(), link: z.string() }).nullable(),
      read: z.boolean(),
    })
    .openapi("Notification");
  export type Info = z.infer<typeof Info>;

  export const Preferences = PreferencesInfo;
  export const PreferencesUpdate = PreferencesInput;
  export const preferences = myPreferences;
  export const updatePreferences = savePreferences;

  interface Recipient {
    userId: string;
    email: string;
  }

  /** The members an event concerns: its audience, still members of the workspace. */
  async function audienceOf(event: EventItem, data: Record<string, unknown>): Promise<Recipient[]> {
    const { workspaceId } = event;
    const members = (
      await db().entities.member.query.byWorkspace({ workspaceId }).go({ pages: "all" })
    ).data;
    const type = event.type as EventType;
    if (eventSpecs[type].audience === "admins") {
      const approvers = members.filter((m) => m.role === "owner" || m.role === "admin");
      // Whoever asked for approval is not asked to approve their own post.
      const author = type === "approval.requested" ? data.authorId : undefined;
      return approvers.filter((m) => m.userId !== author);
    }
    const authorId =
      typeof data.authorId === "string"
        ? data.authorId
        : typeof data.postId === "string"
          ? (await db().entities.post.get({ workspaceId, postId: data.postId }).go()).data?.authorId
          : undefined;
    return members.filter((m) => m.userId === authorId);
  }

  /**
   * Tells everyone an event concerns, each once: the notice is a conditional create named by
   * the event. A notice that goes by mail is "pending" until it joins the person's mail window;
   * a fan-out run again (a crash in between, a duplicate message) finds it pending and joins it
   * then — into the same open window, where an entry is a set member, so it is mailed once.
   */
  export async function deliver(event: EventItem): Promise<number> {
    const type = event.type as EventType;
    const data = JSON.parse(event.payload) as Record<string, unknown>;
    const notice = noticeOf(type, data);
    let told = 0;
    for (const person of await audienceOf(event, data)) {
      const prefs = await loadPreferences(event.workspaceId, person.userId);
      const channel = channelFor(prefs, type);
      if (channel === "none") continue;
      const mailed = (channel === "email" || channel === "both") && !prefs?.mailOff;
      const key = {
        workspaceId: event.workspaceId,
        userId: person.userId,
        occurredAt: event.occurredAt,
        eventId: event.eventId,
      };
      const created = await unlessConditionFails(
        db()
          .entities.notification.create({
            ...key,
            type,
            title: notice.title,
            body: notice.body,
            link: notice.link,
            fixLink: notice.fix?.link,
            fixLabel: notice.fix?.label,
            inApp: channel !== "email",
            digest: channel === "digest",
            mailState: mailed ? "pending" : "",
            expiresAt: Math.floor(Date.parse(event.occurredAt) / 1000) + keepDays * 86_400,
          })
          .go(),
      );
      if (created) told += 1;
      const pending = created
        ? mailed
        : (await db().entities.notification.get(key).go({ consistent: true })).data?.mailState ===
          "pending";
      if (!pending) continue;
      await joinMail(event.workspaceId, person.userId, `${event.occurredAt}#${event.eventId}`);
      await db().entities.notification.patch(key).set({ mailState: "joined" }).go();
    }
    return told;
  }

  function toInfo(item: NotificationItem): Info {
    return {
      id: idOf(item),
      eventId: item.eventId,
      type: item.type,
      occurredAt: item.occurredAt,
      title: item.title,
      body: item.body,
      link: item.link,
      fix: item.fixLink ? { label: item.fixLabel ?? "Fix it", link: item.fixLink } : null,
      read: Boolean(item.readAt),
    };
  }

  export const ListInput = z.object({
    unread: z.enum(["true", "false"]).optional().describe("true: only the unread ones"),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    cursor: z.string().optional(),
  });

  const scopeOf = (workspaceId: string, userId: string) => `notes:${workspaceId}:${userId}`;

  /** The person's notifications in this workspace, newest first, with the unread count. */
  export const list = fn(ListInput, async (input) => {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const { userId } = useUser();
    const scope = scopeOf(workspaceId, userId);
    const page = await db()
      .entities.notification.query.byPerson({ workspaceId, userId })
      .where((attr, op) =>
        input.unread === "true"
          ? `${op.eq(attr.inApp, true)} AND ${op.eq(attr.readAt, "")}`
          : op.eq(attr.inApp, true),
      )
      .go({ order: "desc", limit: input.limit, cursor: decodeCursor(input.cursor, scope) });
    return {
      items: page.data.map(toInfo),
      cursor: encodeCursor(page.cursor, scope),
      unread: await unreadCount(workspaceId, userId),
    };
  });

  /** Unread notices (bounded by the 90 days they are kept; a count, not the items). */
  async function unreadCount(workspaceId: string, userId: string): Promise<number> {
    const unread = await db()
      .entities.notification.query.byPerson({ workspaceId, userId })
      .where((attr, op) => `${op.eq(attr.inApp, true)} AND ${op.eq(attr.readAt, "")}`)
      .go({ pages: "all", attributes: ["eventId"] });
    return unread.data.length;
  }

  export const count = async () => {
    assertRole("viewer");
    return { unread: await unreadCount(useWorkspace(), useUser().userId) };
  };

  export const ReadInput = z.object({ notificationId: z.string().min(1).max(128) });

  /** A notice's id names its key: when it happened (base 36 ms) and the event. */
  const idOf = (item: NotificationItem) =>
    `${Date.parse(item.occurredAt).toString(36)}-${item.eventId}`;

  function keyOf(workspaceId: string, userId: string, id: string) {
    const [time, eventId] = id.split(/-(.*)/s);
    const ms = Number.parseInt(time ?? "", 36);
    if (!eventId || !Number.isFinite(ms) || ms <= 0 || ms > 8.64e15) return undefined;
    return { workspaceId, userId, occurredAt: new Date(ms).toISOString(), eventId };
  }

  /** Marks one notice read (again is harmless). */
  export const markRead = fn(ReadInput, async ({ notificationId }) => {
    assertRole("viewer");
    const key = keyOf(useWorkspace(), useUser().userId, notificationId);
    const found = key && (await db().entities.notification.get(key).go()).data;
    if (!found) {
      throw new VisibleError(
        "notification_not_found",
        "There is no such notification for you in this workspace; notifications are kept 90 days.",
      );
    }
    if (!found.readAt) await markItemRead(found);
    return { ...toInfo(found), read: true };
  });

  function markItemRead(item: NotificationItem) {
    return db()
      .entities.notification.patch({
        workspaceId: item.workspaceId,
        userId: item.userId,
        occurredAt: item.occurredAt,
        eventId: item.eventId,
      })
      .set({ readAt: new Date().toISOString() })
      .where((attr, op) => op.eq(attr.readAt, ""))
      .go()
      .catch(ignoreCondition);
  }

  /** Marks every unread notice read; answers how many it marked. */
  export async function markAllRead(): Promise<{ marked: number }> {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const { userId } = useUser();
    const unread = await db()
      .entities.notification.query.byPerson({ workspaceId, userId })
      .where((attr, op) => op.eq(attr.readAt, ""))
      .go({ pages: "all" });
    for (let at = 0; at < unread.data.length; at += 10) {
      await Promise.all(unread.data.slice(at, at + 10).map(markItemRead));
    }
    return { marked: unread.data.length };
  }

  export const flush = flushMail;
  export const sendDigest = sendDigests;

  export const UnsubscribeInput = z.object({ token: z.string().min(1).max(512) });

  /**
   * One-click unsubscribe (RFC 8058), without signing in: the signed token names the person and
   * workspace, and every notification mail of that workspace stops. Again is harmless.
   */
  export const unsubscribe = fn(UnsubscribeInput, async ({ token }) => {
    const { workspaceId, userId } = readUnsubscribeToken(token);
    await db()
      .entities.notificationPreference.update({ workspaceId, userId })
      .set({ mailOff: true })
      .add({ version: 1 })
      .go();
    return { unsubscribed: true as const };
  });
}
