import { DateTime } from "luxon";
import { unlessConditionFails } from "../db/condition.ts";
import type { NotificationPreferenceItem } from "../db/entities/notification-preference.ts";
import { db } from "../db/service.ts";
import { logWarn } from "../log/index.ts";
import { sendMail } from "../mail/index.ts";
import { takeNotificationAllowance } from "../mail/limits.ts";
import { footer, noticeText, unsubscribeHeaders } from "./mail.ts";
import { digestShards } from "./preferences.ts";

/** The local hour the digest is sent at. */
export const digestHour = 8;

/**
 * One run of the digest cron (every half hour): each person who sends any event to the digest,
 * whose local time is between 08:00 and 08:29, gets one mail of the last day's digest notices,
 * once per local day. The day is claimed on their preferences (a conditional write) before the
 * mail goes out.
 */
export async function sendDigests(now = Date.now()): Promise<{ sent: number }> {
  let sent = 0;
  for (let shard = 0; shard < digestShards; shard += 1) {
    const people = (
      await db()
        .entities.notificationPreference.query.byDigestShard({ digestShard: String(shard) })
        .go({ pages: "all" })
    ).data;
    for (const prefs of people) {
      const local = DateTime.fromMillis(now, { zone: prefs.timeZone || "UTC" });
      if (!local.isValid || local.hour !== digestHour || local.minute >= 30) continue;
      if (await sendOne(prefs, local.toISODate() ?? "", now)) sent += 1;
    }
  }
  return { sent };
}

async function sendOne(prefs: NotificationPreferenceItem, day: string, now: number) {
  const { workspaceId, userId } = prefs;
  if (prefs.digestDay === day || prefs.mailOff) return false;
  const claimed = await unlessConditionFails(
    db()
      .entities.notificationPreference.patch({ workspaceId, userId })
      .set({ digestDay: day })
      .add({ version: 1 })
      .where((attr, op) => op.ne(attr.digestDay, day))
      .go(),
  );
  if (!claimed) return false;
  const since = new Date(now - 86_400_000).toISOString();
  const notices = (
    await db()
      .entities.notification.query.byPerson({ workspaceId, userId })
      .gte({ occurredAt: since })
      .where((attr, op) => op.eq(attr.digest, true))
      .go({ pages: "all" })
  ).data;
  const user = (await db().entities.user.get({ userId }).go()).data;
  if (!user || notices.length === 0) return false;
  const member = (await db().entities.member.get({ workspaceId, userId }).go()).data;
  if (!member) return false;
  const allowance = await takeNotificationAllowance(user.email, workspaceId);
  if (!allowance.allowed) {
    logWarn("daily digest skipped: over the hourly mail limit", { workspaceId, userId });
    return false;
  }
  const space = (await db().entities.workspace.get({ workspaceId }).go()).data?.name ?? "";
  const published = notices.filter((n) => n.type === "post.published").length;
  const failed = notices.filter((n) => ["post.failed", "post.missed"].includes(n.type)).length;
  const lines = notices.slice(0, 100).map(noticeText);
  await sendMail({
    to: user.email,
    subject: `Your day in ${space || "Cadence"}: ${published} published, ${failed} failed`,
    text: `Since yesterday at this time:\n\n${lines.join("\n\n")}\n\n${footer(workspaceId, userId)}`,
    headers: unsubscribeHeaders(workspaceId, userId),
    allowanceTaken: true,
  });
  return true;
}
