import {
  type CronName,
  type calendarCrons,
  cronSchedules,
  rateMs,
} from "../../../infra/settings.ts";

/**
 * Local crons: each job infra/cron.ts declares runs here on the same cadence, in process, with
 * an EventBridge-shaped event. A run never overlaps the previous one of the same job.
 */
export interface CronJob {
  name: string;
  /** The infra/cron.ts job it plays, whose schedule it follows. */
  infraName?: CronName | keyof typeof calendarCrons;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** The jobs of infra/cron.ts, with the schedules of infra/settings.ts. */
export const cronJobs: CronJob[] = [
  {
    name: "reconcile",
    infraName: "Reconcile",
    everyMs: rateMs(cronSchedules.Reconcile),
    run: async () => (await import("@cadence/functions/cron/reconcile")).handler(),
  },
  {
    name: "refresh-tokens",
    infraName: "RefreshTokens",
    everyMs: rateMs(cronSchedules.RefreshTokens),
    run: async () => (await import("@cadence/functions/cron/refresh-tokens")).handler(),
  },
  {
    name: "autorepost",
    infraName: "Autorepost",
    everyMs: rateMs(cronSchedules.Autorepost),
    run: async () => (await import("@cadence/functions/cron/autorepost")).handler(),
  },
  {
    name: "feeds",
    infraName: "Feeds",
    everyMs: rateMs(cronSchedules.Feeds),
    run: async () => (await import("@cadence/functions/cron/feeds")).handler(),
  },
  {
    name: "ingest-metrics",
    infraName: "IngestMetrics",
    everyMs: rateMs(cronSchedules.IngestMetrics),
    run: async () => (await import("@cadence/functions/cron/ingest-metrics")).handler(),
  },
  {
    // Weekly in AWS; hourly here so a local week's summary shows up without waiting for Monday.
    // Each person gets one per ISO week either way.
    name: "weekly-report",
    infraName: "WeeklyReport",
    everyMs: 60 * 60_000,
    run: async () => (await import("@cadence/functions/cron/weekly-report")).handler(),
  },
  {
    // Every half hour in AWS too; each person gets theirs at 08:00 in their zone, once a day.
    name: "daily-digest",
    infraName: "DailyDigest",
    everyMs: 30 * 60_000,
    run: async () => (await import("@cadence/functions/cron/daily-digest")).handler(),
  },
];

export function runEvery(job: CronJob, log: (line: string) => void): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    const started = Date.now();
    running = job
      .run()
      .then(() => log(`${job.name} finished in ${Date.now() - started} ms`))
      .catch((error: unknown) => log(`${job.name} failed: ${String(error)}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, job.everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export async function startCrons(
  log: (line: string) => void,
  jobs: CronJob[] = cronJobs,
): Promise<() => Promise<void>> {
  const stops = jobs.map((job) => runEvery(job, log));
  log(jobs.length ? `running ${jobs.map((j) => j.name).join(", ")}` : "no cron jobs registered");
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
