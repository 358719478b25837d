import { Autorepost } from "@cadence/core/autorepost";
import { wire } from "../wire.ts";

wire();

/** Every 5 minutes: read the sources of enabled autorepost rules and repost their new posts. */
export async function handler(): Promise<Autorepost.RunResult> {
  return Autorepost.runDue();
}
