import { checkShards, type TargetItem } from "../db/entities/target.ts";
import { shardOf } from "../util/id.ts";

export type State = TargetItem["state"];

/**
 * How long past its due time a waiting target may stay untouched before the sweep looks at it.
 * The sweep runs every minute (infra/cron.ts), so a lost message is found within two minutes.
 */
export const graceMs = 60_000;
/** How long a claim holds before the sweep may look at it: longer than the consumer's 10-minute
 * timeout (publish/delivery.ts), so a slow video upload is never settled while its worker runs. */
export const leaseMs = 12 * 60_000;

/** States in which a target is armed: a schedule or a message is on its way for its version. */
export const armedStates: State[] = ["scheduled", "pending_approval"];

/**
 * The check-index attributes for a target entering `state`: the sweep's time to look (due plus
 * grace while waiting, the lease's end while publishing) or "" so the target leaves the index.
 */
export function checkFields(
  targetId: string,
  state: State,
  times: { dueAt?: string; leaseUntil?: string },
): { checkAt: string; checkShard: string } {
  const checkShard = shardOf(targetId, checkShards);
  if (armedStates.includes(state) && times.dueAt) {
    return { checkAt: new Date(Date.parse(times.dueAt) + graceMs).toISOString(), checkShard };
  }
  if (state === "publishing" && times.leaseUntil) return { checkAt: times.leaseUntil, checkShard };
  return { checkAt: "", checkShard };
}

/** Moving `dueAt` moves three index keys; ElectroDB needs every composite of each restated. */
export function dueFields(dueAt: string, accountId: string) {
  return { dueAt, dueMonth: dueAt.slice(0, 7), accountId };
}
