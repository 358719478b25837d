import { Renewal } from "@cadence/core/renewal";
import { wire } from "../wire.ts";

wire();

/** Every 10 minutes: renew OAuth tokens that expire soon, before a publish needs them. */
export async function handler(): Promise<Renewal.RunResult> {
  return Renewal.run();
}
