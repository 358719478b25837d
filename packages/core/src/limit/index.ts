import { isConditionFailure as isDbConditionFailure } from "../db/condition.ts";
import { db } from "../db/service.ts";
import { type ErrorCode, VisibleError } from "../error/index.ts";
import { sha256 } from "../util/id.ts";

/**
 * Counters in fixed windows, taken with one conditional UpdateItem (ADD 1 where the count is
 * below the limit): forty concurrent takers of a limit of five get exactly five successes, with
 * no read before the write. The budget entity holds them, so TTL removes old windows. Used for
 * sign-in and reset throttles, mail limits and the networks' posting budgets.
 */
export namespace Limit {
  export interface Rule {
    /** Names the counter family ("sign-in per email and address"). */
    name: string;
    max: number;
    windowSeconds: number;
  }

  export type Taken = { allowed: true } | { allowed: false; retryAt: number };

  function windowOf(rule: Rule, nowMs: number) {
    const opened = Math.floor(nowMs / 1000 / rule.windowSeconds) * rule.windowSeconds;
    return { window: String(opened), closes: (opened + rule.windowSeconds) * 1000 };
  }

  /** Subjects (emails, addresses) are hashed: keys stay short and carry no personal data. */
  function scopeOf(rule: Rule, subject: string): string {
    return `${rule.name}#${sha256(subject.toLowerCase())}`;
  }

  /** The one test for a refused condition (db/condition.ts), re-exported for callers here. */
  export const isConditionFailure = isDbConditionFailure;

  /** Takes one from the rule's counter for `subject` if it is under the limit. */
  export async function take(rule: Rule, subject: string, nowMs = Date.now()): Promise<Taken> {
    const { window, closes } = windowOf(rule, nowMs);
    try {
      await db()
        .entities.budget.update({ scope: scopeOf(rule, subject), window })
        .set({ expiresAt: Math.floor(closes / 1000) + 3_600 })
        .add({ used: 1 })
        .where((attr, op) => `${op.notExists(attr.used)} OR ${op.lt(attr.used, rule.max)}`)
        .go();
      return { allowed: true };
    } catch (error) {
      if (isConditionFailure(error)) return { allowed: false, retryAt: closes };
      throw error;
    }
  }

  /** Gives one back (a sign-in that turned out right does not count as a failure). */
  export async function giveBack(rule: Rule, subject: string, nowMs = Date.now()): Promise<void> {
    const { window } = windowOf(rule, nowMs);
    try {
      await db()
        .entities.budget.patch({ scope: scopeOf(rule, subject), window })
        .add({ used: -1 })
        .where((attr, op) => op.gt(attr.used, 0))
        .go();
    } catch (error) {
      // The window rolled over (or TTL removed it) between taking and giving back: nothing to do.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Takes one from each rule in order, or throws `rate_limited` with Retry-After. A subject
   * that is undefined (no source address known) skips its rule.
   */
  export async function takeAll(
    checks: { rule: Rule; subject: string | undefined }[],
    refusal: { code: ErrorCode; message: (minutes: number) => string },
  ): Promise<void> {
    for (const { rule, subject } of checks) {
      if (subject === undefined) continue;
      const taken = await take(rule, subject);
      if (!taken.allowed) {
        const retryAfterSeconds = Math.max(1, Math.ceil((taken.retryAt - Date.now()) / 1000));
        throw new VisibleError(
          refusal.code,
          refusal.message(Math.ceil(retryAfterSeconds / 60)),
          undefined,
          { retryAfterSeconds },
        );
      }
    }
  }
}
