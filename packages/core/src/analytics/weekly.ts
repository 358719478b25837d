import { DateTime } from "luxon";
import { assertRole, useUser, useWorkspace } from "../actor/index.ts";
import { type WeeklyReportItem, weeklyReportShards } from "../db/entities/weekly-report.ts";
import { db } from "../db/service.ts";
import { logWarn } from "../log/index.ts";
import { sendMail } from "../mail/index.ts";
import { summary } from "./dashboard.ts";
import { topPosts } from "./insights.ts";
import { isConditionFailure } from "./reading.ts";
import { formatChange } from "./text.ts";

/** Whether the signed-in person gets this workspace's weekly summary. */
export async function weeklyEmail(): Promise<{ enabled: boolean }> {
  assertRole("viewer");
  const { userId } = useUser();
  const found = await db().entities.weeklyReport.get({ workspaceId: useWorkspace(), userId }).go();
  return { enabled: Boolean(found.data) };
}

/** Opts the signed-in person in or out of this workspace's weekly summary. */
export async function setWeeklyEmail(enabled: boolean): Promise<{ enabled: boolean }> {
  assertRole("viewer");
  const { userId, email } = useUser();
  const workspaceId = useWorkspace();
  const { weeklyReport } = db().entities;
  if (enabled) {
    // An upsert keeps `lastSentWeek`, so switching off and on again never sends a week twice.
    await weeklyReport.upsert({ workspaceId, userId, email }).go();
  } else {
    await weeklyReport.delete({ workspaceId, userId }).go();
  }
  return { enabled };
}

/** The ISO week of an instant, e.g. "2026-W49". */
export function weekOf(now: number): string {
  return DateTime.fromMillis(now, { zone: "utc" }).toFormat("kkkk-'W'WW");
}

/**
 * One run of the weekly cron: every opted-in person gets last week's summary of each workspace
 * they opted in to, once per ISO week. The week is claimed on the opt-in (a conditional write)
 * before the mail goes out; if sending fails the claim is given back for the next run.
 */
export async function sendWeeklyReports(now = Date.now()): Promise<{ sent: number }> {
  const week = weekOf(now);
  const { weeklyReport, member, workspace } = db().entities;
  let sent = 0;
  for (let shard = 0; shard < weeklyReportShards; shard += 1) {
    const due = (
      await weeklyReport.query
        .sending({ shard: String(shard) })
        .where((attr, op) => op.ne(attr.lastSentWeek, week))
        .go({ pages: "all" })
    ).data;
    for (const report of due) {
      const { workspaceId, userId } = report;
      const stillMember = (await member.get({ workspaceId, userId }).go()).data;
      if (!stillMember) {
        await weeklyReport.delete({ workspaceId, userId }).go();
        continue;
      }
      const claimed = await weeklyReport
        .patch({ workspaceId, userId })
        .set({ lastSentWeek: week })
        .where((attr, op) => op.eq(attr.lastSentWeek, report.lastSentWeek))
        .go()
        .then(
          () => true,
          (error: unknown) => {
            if (isConditionFailure(error)) return false;
            throw error;
          },
        );
      if (!claimed) continue;
      const space = (await workspace.get({ workspaceId }).go()).data;
      const zone = space?.timeZone ?? "UTC";
      try {
        await sendMail(await reportMail(report, space?.name ?? "your workspace", zone, now));
        sent += 1;
      } catch (error) {
        await weeklyReport
          .patch({ workspaceId, userId })
          .set({ lastSentWeek: report.lastSentWeek })
          .where((attr, op) => op.eq(attr.lastSentWeek, week))
          .go();
        logWarn("weekly report not sent", {
          workspaceId,
          userId,
          error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
        });
      }
    }
  }
  return { sent };
}

async function reportMail(report: WeeklyReportItem, name: string, zone: string, now: number) {
  const figures = await summary(report.workspaceId, zone, { days: "7" }, now);
  const top = await topPosts(
    report.workspaceId,
    zone,
    { days: "7", sort: "engagements", limit: 3 },
    now,
  );
  const line = (label: string, key: "posts" | "impressions" | "engagements" | "likes") => {
    const value = figures.totals[key];
    if (value === undefined) return `${label}: not reported`;
    const change = formatChange(figures.change[key]);
    return `${label}: ${value}${change ? ` (${change} on the week before)` : ""}`;
  };
  const rate = figures.totals.engagementRate;
  const lines = [
    `Your week in ${name}, ${figures.period.from} to ${figures.period.to} (${zone}):`,
    "",
    line("Posts published", "posts"),
    line("Impressions", "impressions"),
    line("Engagements", "engagements"),
    line("Likes", "likes"),
    `Engagement rate: ${rate === undefined ? "not reported" : `${(rate * 100).toFixed(1)}%`}`,
    "",
    ...(top.items.length
      ? [
          "Top posts by engagements:",
          ...top.items.map(
            (post, i) =>
              `${i + 1}. ${post.text.slice(0, 80)} (${post.network}, ${post.figures.engagements ?? 0} engagements)`,
          ),
        ]
      : ["No posts were measured this week."]),
    "",
    "You get this because you switched on the weekly summary on the Analytics page; switch it off there.",
  ];
  return { to: report.email, subject: `Your week in ${name}`, text: lines.join("\n") };
}
