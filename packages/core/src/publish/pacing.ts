import { type Budget, isNetworkId, registry } from "@cadence/networks";
import { Limit } from "../limit/index.ts";

export type Pacing = { allowed: true } | { allowed: false; retryAt: string };

async function spend(scope: string, limit: Budget, nowMs: number): Promise<Pacing> {
  const taken = await Limit.take({ name: scope, ...limit }, scope, nowMs);
  return taken.allowed
    ? { allowed: true }
    : { allowed: false, retryAt: new Date(taken.retryAt).toISOString() };
}

/**
 * Takes one post from the account's and the app's budgets, or says when to try again. The
 * budgets are the posting limits each network publishes (its description's `pacing`): going
 * over them gets a post refused or the account throttled, so a target over budget waits for the
 * window to reopen instead.
 */
export async function takeBudget(
  network: string,
  accountId: string,
  nowMs = Date.now(),
): Promise<Pacing> {
  if (!isNetworkId(network)) return { allowed: true };
  const { perAccount, perApp } = registry[network].pacing;
  const result = await spend(`${network}#account#${accountId}`, perAccount, nowMs);
  if (!result.allowed || !perApp) return result;
  return spend(`${network}#app`, perApp, nowMs);
}
