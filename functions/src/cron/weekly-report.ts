import { Analytics } from "@cadence/core/analytics";
import { wire } from "../wire.ts";

wire();

/** Mondays: last week's summary to everyone who switched it on, once per week each. */
export async function handler(): Promise<{ sent: number }> {
  return Analytics.sendWeekly();
}
