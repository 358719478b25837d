import { Feed } from "@cadence/core/feed";
import { wire } from "../wire.ts";

wire();

/** Every 10 minutes: fetch each enabled feed (conditionally) and post its new entries. */
export async function handler(): Promise<Feed.RunResult> {
  return Feed.runDue();
}
