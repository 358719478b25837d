import { reconcile, type SweepResult } from "@cadence/core/publish/reconcile";
import { wire } from "../wire.ts";

wire();

/**
 * Every minute: re-arms targets still waiting past due plus a minute's grace (so a lost message
 * goes out within two minutes of its time), fails those past the late window, and settles
 * targets left `publishing` past their lease.
 */
export async function handler(): Promise<SweepResult> {
  return reconcile();
}
