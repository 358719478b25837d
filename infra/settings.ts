// The settings of the publish pipeline and the background jobs, in one place: infra/ deploys
// them and packages/local runs the local stack with them, so the two cannot drift apart
// (tests/e2e/settings-drift.test.ts checks the running local stack against this file).
// Plain values only: packages/local imports this file outside SST.

/** The publish queue and its dead-letter queue (infra/queue.ts). */
export const publishQueueSettings = {
  // AWS advises at least 6× the consumer's timeout for a Lambda event source, so a batch held
  // through throttling and retries is not delivered twice in parallel.
  visibilityTimeoutSeconds: 180,
  // After this many failed receives a message is parked in the DLQ instead of retrying forever.
  maxReceiveCount: 5,
  // The longest SQS allows: time to find the cause and redrive before messages expire.
  dlqRetentionSeconds: 14 * 24 * 60 * 60,
} as const;

/** The publish consumer's event source mapping (infra/publish.ts). */
export const publishConsumerSettings = {
  // Bounds one batch of network calls; the queue's visibility timeout is 6× this.
  timeoutSeconds: 30,
  batchSize: 10,
  // Wait up to a second to fill a batch: fewer invocations under a burst of due posts.
  batchWindowSeconds: 1,
} as const;

/** How often each background job runs (infra/cron.ts), as EventBridge rate expressions. */
export const cronSchedules = {
  RefreshTokens: "rate(10 minutes)",
  IngestMetrics: "rate(1 hour)",
  // Every minute: a lost publish message is re-armed within two minutes of its due time.
  Reconcile: "rate(1 minute)",
  Autorepost: "rate(5 minutes)",
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
