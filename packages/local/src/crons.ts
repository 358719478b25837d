/**
 * Local crons: each job infra/cron.ts declares runs here on the same cadence, in process, with
 * an EventBridge-shaped event. A run never overlaps the previous one of the same job.
 */
export interface CronJob {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** The jobs of infra/cron.ts, with the same schedules. */
export const cronJobs: CronJob[] = [
  {
    name: "reconcile",
    everyMs: 5 * 60_000,
    run: async () => (await import("@cadence/functions/cron/reconcile")).handler(),
  },
  {
    name: "refresh-tokens",
    everyMs: 10 * 60_000,
    run: async () => (await import("@cadence/functions/cron/refresh-tokens")).handler(),
  },
  {
    name: "autorepost",
    everyMs: 5 * 60_000,
    run: async () => (await import("@cadence/functions/cron/autorepost")).handler(),
  },
  {
    name: "ingest-metrics",
    everyMs: 60 * 60_000,
    run: async () => (await import("@cadence/functions/cron/ingest-metrics")).handler(),
  },
  {
    // Weekly in AWS; hourly here so a local week's summary shows up without waiting for Monday.
    // Each person gets one per ISO week either way.
    name: "weekly-report",
    everyMs: 60 * 60_000,
    run: async () => (await import("@cadence/functions/cron/weekly-report")).handler(),
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
