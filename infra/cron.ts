import core from "../packages/core/package.json" with { type: "json" };
import { api } from "./api";
import { authSecret } from "./auth";
import { eventQueue } from "./events";
import { functionSpecs, installOf } from "./function-specs";
import { mail } from "./mail";
import { networkApps } from "./networks";
import { publishQueue } from "./queue";
import { publishSchedules } from "./scheduler";
import { calendarCrons, cronSchedules } from "./settings";
import { media, table, tokenKey } from "./storage";
import { web } from "./web";

// Background jobs on EventBridge Scheduler (CronV2). Each links only what it touches, and each
// timeout stays under its interval so a slow run ends before the next one starts. Failed runs
// are not retried, neither by Scheduler (`retries: 0`) nor by Lambda's asynchronous invoke
// (`retries: 0` on the function): the next run comes soon and picks up the same work, and a
// retry would overlap it. Instead each cron has an error alarm (infra/alarms.ts).

interface CronSpec {
  name: string;
  schedule: `rate(${string})` | `cron(${string})`;
  spec: (typeof functionSpecs)[keyof typeof functionSpecs];
  link: $util.Input<unknown>[];
  timeout: `${number} ${"seconds" | "minutes"}`;
  /** What the error alarm tells the person who gets it. */
  onError: string;
}

function cron({ name, schedule, spec, link, timeout }: CronSpec) {
  return new sst.aws.CronV2(name, {
    schedule,
    retries: 0,
    function: {
      handler: spec.handler,
      link,
      timeout,
      retries: 0,
      nodejs: { install: installOf(spec, core.dependencies) },
    },
  });
}

export const crons: (CronSpec & { cron: sst.aws.CronV2 })[] = (
  [
    {
      // Refreshes OAuth tokens that expire within the margin, before a publish needs them.
      name: "RefreshTokens",
      schedule: cronSchedules.RefreshTokens,
      spec: functionSpecs.refreshTokens,
      // Schedules: it cancels the due posts of an account whose grant is gone.
      link: [table, tokenKey, networkApps, publishSchedules, eventQueue],
      timeout: "5 minutes",
      onError: "Token refresh crashed: tokens may expire before publishing. Check its logs.",
    },
    {
      // Pulls post analytics from the networks.
      name: "IngestMetrics",
      schedule: cronSchedules.IngestMetrics,
      spec: functionSpecs.ingestMetrics,
      link: [table, tokenKey, networkApps],
      timeout: "10 minutes",
      onError: "Metrics ingestion crashed: analytics will be stale. Check its logs.",
    },
    {
      // The reconcile sweep. Targets still waiting one minute past due are re-armed (their
      // message was lost, or a crash came between a write and its schedule); at one run a
      // minute a lost message goes out within two minutes of its time. It also settles claims
      // past their lease (looks the post up on the network, else needs_review). It reads only
      // the sparse check index, so a run that finds nothing costs a few one-partition queries.
      // It also sends again the fan-out of events whose message was lost (core/event/sweep.ts).
      // Media: the stage outbox, when it mails authors of missed approvals.
      name: "Reconcile",
      schedule: cronSchedules.Reconcile,
      spec: functionSpecs.reconcile,
      link: [table, media, tokenKey, publishSchedules, publishQueue, networkApps, mail, eventQueue],
      timeout: "55 seconds",
      onError:
        "Reconciliation crashed: stuck or lost posts are not being repaired. Check its logs.",
    },
    {
      // Reads the source accounts of enabled autorepost rules and turns their new posts into
      // posts for the rules' targets, copying their files into the media library.
      name: "Autorepost",
      schedule: cronSchedules.Autorepost,
      spec: functionSpecs.autorepost,
      link: [table, tokenKey, networkApps, publishSchedules, publishQueue, media, eventQueue],
      timeout: "2 minutes",
      onError: "Autorepost crashed: new source posts are not being reposted. Check its logs.",
    },
    {
      // Fetches the workspaces' RSS/Atom/JSON feeds and turns new entries into posts, with
      // their images copied into the media library; a feed that keeps failing is paused and
      // its workspace told (events).
      name: "Feeds",
      schedule: cronSchedules.Feeds,
      spec: functionSpecs.feeds,
      link: [table, tokenKey, networkApps, publishSchedules, publishQueue, media, eventQueue],
      timeout: "5 minutes",
      onError: "The feeds run crashed: new feed entries are not being posted. Check its logs.",
    },
    {
      // Mondays 07:00 UTC: the weekly analytics summary to the people who switched it on. A
      // repeat run sends nothing twice (each person's week is claimed before the mail goes out).
      name: "WeeklyReport",
      schedule: calendarCrons.WeeklyReport,
      spec: functionSpecs.weeklyReport,
      link: [table, media, mail],
      timeout: "10 minutes",
      onError:
        "The weekly analytics summary crashed: people who asked for it got none. Check its logs.",
    },
    {
      // Each person who chose the daily digest gets it at 08:00 in their zone: the run looks
      // for people whose local time is 08:00–08:29 and claims their day before mailing.
      name: "DailyDigest",
      schedule: calendarCrons.DailyDigest,
      spec: functionSpecs.dailyDigest,
      link: [table, media, mail, authSecret, api, web],
      timeout: "10 minutes",
      onError: "The daily digest crashed: people who chose it got none today. Check its logs.",
    },
  ] satisfies CronSpec[]
).map((spec) => ({ ...spec, cron: cron(spec) }));
