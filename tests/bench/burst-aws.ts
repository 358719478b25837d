import {
  type BurstInput,
  modelBurst,
  monthlyCost,
  publishMapping,
  type Scaling,
} from "../../infra/burst-model.ts";
import { publishDelivery } from "../../packages/core/src/publish/delivery.ts";
import { bundleFunction, deployedFunctions } from "../bundle/deploy.ts";
import { importMs, median } from "../bundle/timing.ts";

export function percentileOf(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** The publish consumer's cold import, bundled as deployed: the median of five fresh processes. */
async function measuredColdStartMs(): Promise<number> {
  const spec = deployedFunctions.find(([name]) => name === "publish")?.[1];
  if (!spec) throw new Error("the publish consumer is not declared");
  const bundle = await bundleFunction(spec);
  try {
    importMs(bundle.figures.entry);
    return median(Array.from({ length: 5 }, () => importMs(bundle.figures.entry)));
  } finally {
    await bundle.dispose();
  }
}

/**
 * What AWS would do with 5,000 targets due in one second, from this run's batch durations and
 * the consumer's measured cold start (infra/burst-model.ts; docs/performance.md explains it).
 * One line per configuration: standard mode as preview stages have it, production's
 * provisioned pollers, and the same with instances warmed ahead of a burst the calendar shows.
 */
export async function printModel(batchMs: readonly number[]): Promise<void> {
  if (batchMs.length === 0) return;
  const coldStartMs = await measuredColdStartMs();
  const base: Omit<BurstInput, "scaling" | "warmInstances"> = {
    targets: 5_000,
    spreadMs: 0,
    batchSize: publishDelivery.batchSize,
    batchMs,
    coldStartMs,
    pollMs: 20,
  };
  const configurations: { name: string; scaling: Scaling; warm: number; warmHours: number }[] = [
    { name: "standard", scaling: { mode: "standard" }, warm: 0, warmHours: 0 },
    { name: "provisioned", scaling: publishMapping.production, warm: 0, warmHours: 0 },
    // 500 instances warmed for ten minutes around each of 30 known bursts a month.
    { name: "provisioned+warmed", scaling: publishMapping.production, warm: 500, warmHours: 5 },
  ];
  for (const { name, scaling, warm, warmHours } of configurations) {
    const outcome = modelBurst({ ...base, scaling, warmInstances: warm });
    const cost = monthlyCost({ scaling, warmInstances: warm, memoryGb: 1, warmHours });
    console.log(
      `burst: aws_model config=${name} targets=5000 cold_start_ms=${coldStartMs.toFixed(0)} batch_ms_p50=${median(batchMs).toFixed(0)} modelled_p50_ms=${outcome.p50Ms.toFixed(0)} modelled_p99_ms=${outcome.p99Ms.toFixed(0)} cold_starts=${outcome.coldStarts} peak_concurrency=${outcome.peakConcurrency} monthly_usd=${cost}`,
    );
  }
}
