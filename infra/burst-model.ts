// How long AWS would take to publish a burst of targets due in the same second, from figures
// measured locally (a batch's duration, a cold start) and the SQS event source mapping's
// documented scaling. Pure and without SST globals, like stage-plan.ts: infra/publish.ts reads
// the chosen configuration from here, tests/bench/burst.ts prints what it models, and
// tests/infra/burst-model.test.ts checks it. docs/performance.md cites the figures.

/** The event source mapping's scaling as AWS documents it (docs/performance.md, sources). */
export const mappingScaling = {
  standard: {
    /** "Lambda starts processing five batches at a time with five concurrent invocations." */
    initialConcurrency: 5,
    /** "…by up to 300 more concurrent invokes per minute." */
    addedPerMinute: 300,
    /** "The maximum number of invokes that an event source mapping can process simultaneously." */
    maxConcurrency: 1_250,
  },
  provisioned: {
    /** Concurrent invokes one event poller drives. */
    invokesPerPoller: 10,
    /** "…auto scale up to 1000 concurrent executions per minute." */
    addedPerMinute: 1_000,
    /** Minimum pollers: at least 2 (the default); at most 200. */
    minPollersRange: [2, 200] as const,
  },
} as const;

export type Scaling =
  | { mode: "standard"; maximumConcurrency?: number }
  | { mode: "provisioned"; minPollers: number; maxPollers: number };

export interface BurstInput {
  targets: number;
  /** Targets become visible spread evenly over this many milliseconds after the due second. */
  spreadMs: number;
  batchSize: number;
  /** Measured durations of one batch's invocation (ms), sampled in turn. */
  batchMs: readonly number[];
  /** Measured cold start: initialising a fresh instance before its first batch (ms). */
  coldStartMs: number;
  /** Instances initialised ahead (provisioned concurrency or warmed before a known burst). */
  warmInstances: number;
  /** From a message being visible to a poller handing it to an invocation (ms). */
  pollMs: number;
  scaling: Scaling;
}

export interface BurstOutcome {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Cold starts paid during the burst. */
  coldStarts: number;
  peakConcurrency: number;
}

/** How many batches may run at `elapsedMs` after the burst began, as the mapping scales. */
export function concurrencyAt(scaling: Scaling, elapsedMs: number): number {
  const minutes = elapsedMs / 60_000;
  if (scaling.mode === "standard") {
    const { initialConcurrency, addedPerMinute, maxConcurrency } = mappingScaling.standard;
    const cap = Math.min(maxConcurrency, scaling.maximumConcurrency ?? maxConcurrency);
    return Math.min(cap, Math.floor(initialConcurrency + addedPerMinute * minutes));
  }
  const { invokesPerPoller, addedPerMinute } = mappingScaling.provisioned;
  const floor = scaling.minPollers * invokesPerPoller;
  const cap = scaling.maxPollers * invokesPerPoller;
  return Math.min(cap, Math.floor(floor + addedPerMinute * minutes));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/**
 * Simulates the burst batch by batch: batch k holds targets k·size … (k+1)·size − 1 and can be
 * received once its last target is visible; it runs on the first instance free, if the mapping
 * allows one more concurrent batch at that moment; an instance pays the cold start before its
 * first batch unless it was warm. A target's lag is the end of its batch's invocation (records
 * run side by side, so each publishes about when the batch ends) less its due time.
 */
export function modelBurst(input: BurstInput): BurstOutcome {
  const batches = Math.ceil(input.targets / input.batchSize);
  const perTargetMs = input.spreadMs / Math.max(1, input.targets);
  // Each instance: when it is next free; warm instances exist from the start.
  const instanceFree: number[] = Array.from({ length: input.warmInstances }, () => 0);
  const running: number[] = []; // end times of batches in flight
  const lags: number[] = [];
  let coldStarts = 0;
  let peak = 0;
  for (let batch = 0; batch < batches; batch += 1) {
    const first = batch * input.batchSize;
    const size = Math.min(input.batchSize, input.targets - first);
    const visible = (first + size - 1) * perTargetMs + input.pollMs;
    let start = visible;
    // Wait for the mapping to allow one more concurrent batch.
    for (;;) {
      const inFlight = running.filter((end) => end > start).length;
      if (inFlight < concurrencyAt(input.scaling, start)) break;
      const nextEnd = Math.min(...running.filter((end) => end > start));
      // Or for the scaling to add one: it is checked every tenth of a second.
      const nextStep = Math.floor(start / 100) * 100 + 100;
      start = Math.min(nextEnd, nextStep);
    }
    // A free instance, warm when one is; otherwise a fresh one pays the cold start.
    const freeIndex = instanceFree.findIndex((free) => free <= start);
    let begin = start;
    if (freeIndex < 0) {
      coldStarts += 1;
      begin = start + input.coldStartMs;
      instanceFree.push(0);
    }
    const duration = input.batchMs[batch % input.batchMs.length] ?? 0;
    const end = begin + duration;
    instanceFree[freeIndex < 0 ? instanceFree.length - 1 : freeIndex] = end;
    running.push(end);
    peak = Math.max(peak, running.filter((e) => e > start).length);
    for (let i = 0; i < size; i += 1) lags.push(end);
  }
  lags.sort((a, b) => a - b);
  return {
    p50Ms: percentile(lags, 50),
    p99Ms: percentile(lags, 99),
    maxMs: lags[lags.length - 1] ?? 0,
    coldStarts,
    peakConcurrency: peak,
  };
}

/** List prices used for the monthly cost (us-east-1, arm64; docs/performance.md). */
export const prices = {
  /** Provisioned concurrency, per GB-second allocated (arm64). */
  provisionedConcurrencyGbSecond: 0.0000033334,
  /** An event poller unit hour in provisioned mode (see the Lambda pricing page). */
  eventPollerHour: 0.00185,
} as const;

const hoursPerMonth = 730;

/** What keeping a configuration costs per month beyond the invocations themselves. */
export function monthlyCost(config: {
  scaling: Scaling;
  warmInstances: number;
  memoryGb: number;
  /** Hours per month the warm instances are kept (all month, or only around known bursts). */
  warmHours: number;
}): number {
  const pollers = config.scaling.mode === "provisioned" ? config.scaling.minPollers : 0;
  const pollerCost = pollers * prices.eventPollerHour * hoursPerMonth;
  const warmCost =
    config.warmInstances *
    config.memoryGb *
    config.warmHours *
    3_600 *
    prices.provisionedConcurrencyGbSecond;
  return Math.round((pollerCost + warmCost) * 100) / 100;
}

/**
 * The production publish consumer's mapping: provisioned pollers so a burst meets enough
 * concurrent batches at once (a 5,000-target burst is 500 batches of 10), and no standing
 * provisioned concurrency: the model shows a cold start of the trimmed consumer fits in the
 * second (docs/performance.md compares the three configurations).
 */
export const publishMapping = {
  production: { mode: "provisioned", minPollers: 50, maxPollers: 60 },
  preview: { mode: "standard", maximumConcurrency: 2 },
} as const satisfies Record<string, Scaling>;
