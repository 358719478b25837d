import { Analytics } from "@cadence/core/analytics";
import { wire } from "../wire.ts";

wire();

/** Hourly: read the figures of recently published posts from their networks. */
export async function handler(): Promise<{ measured: number; skipped: number; failed: number }> {
  return Analytics.ingest();
}
