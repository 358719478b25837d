// The background jobs' schedules, in one place: infra/ deploys them and packages/local runs the
// local crons with them, so the two cannot drift apart (tests/e2e/settings-drift.test.ts checks
// the running local stack against this file and packages/core/src/publish/delivery.ts, where the
// publish queue's and consumer's settings live because core reads them too).
// Plain values only: packages/local imports this file outside SST.

/** How often each background job runs (infra/cron.ts), as EventBridge rate expressions. */
export const cronSchedules = {
  RefreshTokens: "rate(10 minutes)",
  IngestMetrics: "rate(1 hour)",
  // Every minute: a lost publish message is re-armed within two minutes of its due time.
  Reconcile: "rate(1 minute)",
  Autorepost: "rate(5 minutes)",
  // Feeds change a few times a day; conditional requests make an unchanged one cost a 304.
  Feeds: "rate(10 minutes)",
} as const satisfies Record<string, `rate(${string})`>;

export type CronName = keyof typeof cronSchedules;

/** Milliseconds between runs of a `rate(n unit)` expression. */
export function rateMs(expression: `rate(${string})`): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) throw new Error(`not a rate expression: ${expression}`);
  const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[
    (match[2] ?? "").replace(/s$/, "") as "minute" | "hour" | "day"
  ];
  return Number(match[1]) * unit;
}

/**
 * Jobs that run at a time of the calendar rather than at a rate (infra/cron.ts). Locally they
 * run hourly (packages/local/src/crons.ts), so their effect shows without waiting for the day.
 */
export const calendarCrons = {
  WeeklyReport: "cron(0 7 ? * MON *)",
  // Every hour on the hour: each person's digest goes out at 08:00 in their own zone, and zones
  // differ by hours (and a few by half hours, which get theirs at 08:30).
  DailyDigest: "cron(0,30 * * * ? *)",
} as const satisfies Record<string, `cron(${string})`>;

/**
 * The events queue (infra/events.ts) and its consumer: fan-outs, webhook attempts, batched mail.
 * A webhook attempt waits at most 15 seconds and a batch runs its messages side by side, so a
 * minute is ample; the queue hides a message for twice that. Five receives before the DLQ: a
 * message that failed five times has a bug, not a blip.
 */
export const eventDelivery = {
  consumerTimeoutSeconds: 60,
  visibilityTimeoutSeconds: 120,
  maxReceiveCount: 5,
  batchSize: 10,
  dlqRetentionSeconds: 14 * 24 * 60 * 60,
} as const;
