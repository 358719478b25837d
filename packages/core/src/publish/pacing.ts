import { Limit } from "../limit/index.ts";

/**
 * Posting limits the networks publish, per account and per app, as (window, max). Going over
 * them gets a post refused or the account throttled, so a target over budget waits for the
 * window to reopen instead.
 */
interface Budget {
  windowSeconds: number;
  max: number;
}

const perAccount: Record<string, Budget> = {
  x: { windowSeconds: 86_400, max: 100 }, // POST /2/tweets: 100 per user per 24 h
  linkedin: { windowSeconds: 86_400, max: 150 }, // member shares per day
  facebook: { windowSeconds: 3_600, max: 200 }, // page-level Graph API calls, conservatively
  instagram: { windowSeconds: 86_400, max: 50 }, // content_publishing_limit: 50 posts per 24 h
  threads: { windowSeconds: 86_400, max: 250 }, // 250 posts per 24 h
  tiktok: { windowSeconds: 86_400, max: 15 }, // creator posting cap per day
  youtube: { windowSeconds: 86_400, max: 6 }, // upload quota (1,600 units each of 10,000)
  pinterest: { windowSeconds: 86_400, max: 1_000 },
  bluesky: { windowSeconds: 3_600, max: 1_600 }, // 5,000 points/hour, 3 per record
  mastodon: { windowSeconds: 10_800, max: 300 }, // 300 statuses per 3 h
  "google-business": { windowSeconds: 86_400, max: 100 },
};

const perApp: Record<string, Budget> = {
  x: { windowSeconds: 86_400, max: 10_000 }, // app-level cap on POST /2/tweets
};

export type Pacing = { allowed: true } | { allowed: false; retryAt: string };

async function spend(scope: string, limit: Budget, nowMs: number): Promise<Pacing> {
  const taken = await Limit.take({ name: scope, ...limit }, scope, nowMs);
  return taken.allowed
    ? { allowed: true }
    : { allowed: false, retryAt: new Date(taken.retryAt).toISOString() };
}

/** Takes one post from the account's and the app's budgets, or says when to try again. */
export async function takeBudget(
  network: string,
  accountId: string,
  nowMs = Date.now(),
): Promise<Pacing> {
  const account = perAccount[network];
  if (account) {
    const result = await spend(`${network}#account#${accountId}`, account, nowMs);
    if (!result.allowed) return result;
  }
  const app = perApp[network];
  if (app) return spend(`${network}#app`, app, nowMs);
  return { allowed: true };
}
