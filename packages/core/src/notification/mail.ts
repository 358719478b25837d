import { createHmac, timingSafeEqual } from "node:crypto";
import { Resource } from "sst";
import { ignoreCondition, unlessConditionFails } from "../db/condition.ts";
import type { NotificationItem } from "../db/entities/notification.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logWarn } from "../log/index.ts";
import { sendMail } from "../mail/index.ts";
import { takeNotificationAllowance } from "../mail/limits.ts";
import { usePorts } from "../ports.ts";

/**
 * Notification mail, batched per person: the first event of a quiet spell opens a window and
 * queues its flush; every event after it joins the same window until the flush seals it. The
 * flush waits until no event has joined for a whole quiet period (capped at ten of them), then
 * claims the window (`sentAt`) and sends one message listing them all. A storm of a hundred
 * failures is one mail, however long its fan-out takes.
 */

/** The quiet period. CADENCE_MAIL_BATCH_MS shortens it for tests. */
export function batchWindowMs(): number {
  const configured = Number(process.env.CADENCE_MAIL_BATCH_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 60_000;
}

const keepSeconds = 86_400;
const expiresAt = () => Math.floor(Date.now() / 1000) + keepSeconds;

function queueFlush(workspaceId: string, userId: string, window: string, waitMs: number) {
  return usePorts().events.send(
    {
      kind: "mail",
      workspaceId,
      userId,
      window,
      notBefore: new Date(Date.now() + waitMs).toISOString(),
    },
    Math.min(900, Math.ceil(waitMs / 1000)),
  );
}

/** Adds a notice (`occurredAt#eventId`) to the person's open mail window, opening one if none. */
export async function joinMail(workspaceId: string, userId: string, entry: string): Promise<void> {
  const key = { workspaceId, userId };
  const pointer = { ...key, window: "open" };
  const { mailBatch } = db().entities;
  for (let tries = 0; tries < 5; tries += 1) {
    let window = (await mailBatch.get(pointer).go({ consistent: true })).data?.openedAt;
    if (!window) {
      const openedAt = new Date().toISOString();
      // The flush is queued before the window opens: a crash in between leaves a window that
      // is flushed, never one that is not. A flush for a window that never opened finds no
      // batch and does nothing.
      await queueFlush(workspaceId, userId, openedAt, batchWindowMs());
      // Only one caller opens the first window; the others read it on their next try.
      const opened = await unlessConditionFails(
        mailBatch
          .update(pointer)
          .set({ openedAt, expiresAt: expiresAt() })
          .where((attr, op) => op.notExists(attr.openedAt))
          .go(),
      );
      if (!opened) continue;
      window = openedAt;
    }
    const joined = await unlessConditionFails(
      mailBatch
        .update({ ...key, window })
        .add({ eventIds: [entry] })
        .set({ lastJoinedAt: new Date().toISOString(), expiresAt: expiresAt() })
        .where((attr, op) => op.notExists(attr.sentAt))
        .go(),
    );
    if (joined) return;
    // That window was sealed meanwhile: the one caller that moves the pointer opens the next.
    const next = new Date().toISOString();
    // Queued first, as above.
    await queueFlush(workspaceId, userId, next, batchWindowMs());
    await mailBatch
      .update(pointer)
      .set({ openedAt: next, expiresAt: expiresAt() })
      .where((attr, op) => op.eq(attr.openedAt, window))
      .go()
      .catch(ignoreCondition);
  }
  throw new Error("could not join a notification mail window after several tries");
}

/**
 * Sends one window's mail, once: the claim on `sentAt` is written before the mail goes out, so
 * a duplicate flush message sends nothing. A message that comes before the window is quiet
 * waits in the queue again.
 */
export async function flushMail(message: {
  workspaceId: string;
  userId: string;
  window: string;
  notBefore: string;
}): Promise<"sent" | "waiting" | "done"> {
  const { workspaceId, userId, window } = message;
  const now = Date.now();
  const waitMs = Date.parse(message.notBefore) - now;
  if (waitMs > 0) {
    await usePorts().events.send({ kind: "mail", ...message }, Math.ceil(waitMs / 1000));
    return "waiting";
  }
  const batch = (
    await db().entities.mailBatch.get({ workspaceId, userId, window }).go({ consistent: true })
  ).data;
  if (!batch || batch.sentAt) return "done";
  const quietAt = Date.parse(batch.lastJoinedAt ?? window) + batchWindowMs();
  const capAt = Date.parse(window) + 10 * batchWindowMs();
  if (now < quietAt && now < capAt) {
    await queueFlush(workspaceId, userId, window, Math.min(quietAt, capAt) - now);
    return "waiting";
  }
  const claimed = await unlessConditionFails(
    db()
      .entities.mailBatch.patch({ workspaceId, userId, window })
      .set({ sentAt: new Date().toISOString() })
      .where((attr, op) => op.notExists(attr.sentAt))
      .go({ response: "all_new" }),
  );
  const entries = [...(claimed?.data.eventIds ?? [])].sort();
  if (!claimed || entries.length === 0) return "done";
  const notices = (
    await Promise.all(
      entries.map(async (entry) => {
        const [occurredAt = "", eventId = ""] = entry.split("#");
        return (
          await db().entities.notification.get({ workspaceId, userId, occurredAt, eventId }).go()
        ).data;
      }),
    )
  ).filter((n): n is NotificationItem => Boolean(n));
  await sendNotices(workspaceId, userId, notices);
  return "sent";
}

async function sendNotices(workspaceId: string, userId: string, notices: NotificationItem[]) {
  const user = (await db().entities.user.get({ userId }).go()).data;
  const prefs = (await db().entities.notificationPreference.get({ workspaceId, userId }).go()).data;
  const first = notices[0];
  if (!user || !first || prefs?.mailOff) return;
  const workspace = (await db().entities.workspace.get({ workspaceId }).go()).data;
  const space = workspace?.name ?? "your workspace";
  // The notices are in the app whatever happens here; over the hourly limit the mail is skipped.
  const allowance = await takeNotificationAllowance(user.email, workspaceId);
  if (!allowance.allowed) {
    logWarn("notification mail skipped: over the hourly mail limit", { workspaceId, userId });
    return;
  }
  const subject =
    notices.length === 1 ? `${first.title} · ${space}` : `${notices.length} updates in ${space}`;
  const shown = notices.slice(0, 50);
  const lines = shown.map(noticeText);
  if (notices.length > shown.length) {
    lines.push(`…and ${notices.length - shown.length} more: ${siteUrl("/app/notifications")}`);
  }
  await sendMail({
    to: user.email,
    subject,
    text: `${lines.join("\n\n")}\n\n${footer(workspaceId, userId)}`,
    headers: unsubscribeHeaders(workspaceId, userId),
    allowanceTaken: true,
  });
}

/** One notice in a mail: what happened, where to see it and, when there is one, the fix. */
export function noticeText(notice: NotificationItem): string {
  const fix = notice.fixLink
    ? `\n  ${notice.fixLabel ?? "Fix it"}: ${siteUrl(notice.fixLink)}`
    : "";
  return `• ${notice.title}\n  ${notice.body}\n  Open: ${siteUrl(notice.link)}${fix}`;
}

export function siteUrl(path: string): string {
  return new URL(path, Resource.Web.url).href;
}

/** The lines under every notification mail: why it came and how to stop it. */
export function footer(workspaceId: string, userId: string): string {
  const token = unsubscribeToken(workspaceId, userId);
  return [
    "—",
    `Choose what you are told, and how: ${siteUrl("/app/notification-settings")}`,
    `Stop all of these emails: ${siteUrl(`/unsubscribe?token=${token}`)}`,
  ].join("\n");
}

/** RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` there. */
export function unsubscribeHeaders(workspaceId: string, userId: string): Record<string, string> {
  const url = new URL("/unsubscribe", Resource.Api.url);
  url.searchParams.set("token", unsubscribeToken(workspaceId, userId));
  return {
    "List-Unsubscribe": `<${url.href}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

// The token must work without signing in and fit a mail header, so it is a short HMAC of the
// person and workspace under the stage's secret (a JWT would be three times as long for the
// same two ids). A distinct label keeps it from ever verifying as a cursor or anything else.
function mac(payload: string): string {
  return createHmac("sha256", Resource.AuthSecret.value)
    .update(`unsubscribe|${payload}`)
    .digest("base64url");
}

export function unsubscribeToken(workspaceId: string, userId: string): string {
  const payload = Buffer.from(`${workspaceId}|${userId}`, "utf8").toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The person and workspace a token names, or a 400 for a token that does not verify. */
export function readUnsubscribeToken(token: string): { workspaceId: string; userId: string } {
  const invalid = new VisibleError(
    "unsubscribe_token_invalid",
    "This unsubscribe link is not valid. Open the link from the latest email again, or change your notification settings in Cadence.",
    "token",
  );
  const [payload = "", signature = ""] = token.split(".");
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (!payload || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw invalid;
  }
  const [workspaceId, userId] = Buffer.from(payload, "base64url").toString("utf8").split("|");
  if (!workspaceId || !userId) throw invalid;
  return { workspaceId, userId };
}
