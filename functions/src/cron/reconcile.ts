import { type FanoutSweepResult, sweepFanouts } from "@cadence/core/event/sweep";
import { reconcile, type SweepResult } from "@cadence/core/publish/reconcile";
import { wire } from "../wire.ts";

wire();

/**
 * Every minute: re-arms targets still waiting past due plus a minute's grace (so a lost message
 * goes out within two minutes of its time), fails those past the late window, and settles
 * targets left `publishing` past their lease. Then sends again the fan-out of events whose
 * fan-out message was lost (core/event/sweep.ts).
 */
export async function handler(): Promise<SweepResult & { fanouts: FanoutSweepResult }> {
  const targets = await reconcile();
  return { ...targets, fanouts: await sweepFanouts() };
}
