import { reconcile } from "@cadence/core/publish/reconcile";
import { wire } from "../wire.ts";

wire();

/** Every 5 minutes: settle targets left `publishing` past their lease. */
export async function handler(): Promise<{ published: number; needsReview: number }> {
  return reconcile();
}
