import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";

/**
 * Throttles password guessing per email: after 5 failures within 15 minutes, sign-in for that
 * email is refused for 15 minutes, whatever the password.
 */
export namespace SignInGuard {
  export const maxFailures = 5;
  const windowMs = 15 * 60_000;
  const lockMs = 15 * 60_000;

  export async function assertAllowed(email: string): Promise<void> {
    const guard = (await db().entities.signInGuard.get({ email }).go()).data;
    const lockedUntil = guard?.lockedUntil ? Date.parse(guard.lockedUntil) : 0;
    if (lockedUntil > Date.now()) {
      const retryAfterSeconds = Math.ceil((lockedUntil - Date.now()) / 1000);
      throw new VisibleError(
        "rate_limited",
        "too_many_sign_in_attempts",
        `Too many failed sign-ins for this email. Wait ${Math.ceil(retryAfterSeconds / 60)} minutes, or reset the password.`,
        undefined,
        { retryAfterSeconds },
      );
    }
  }

  export async function recordFailure(email: string): Promise<void> {
    const now = Date.now();
    const guard = (await db().entities.signInGuard.get({ email }).go()).data;
    const windowOpen = guard && Date.parse(guard.windowStartedAt) + windowMs > now;
    const failures = windowOpen ? guard.failures + 1 : 1;
    await db()
      .entities.signInGuard.put({
        email,
        failures,
        windowStartedAt: windowOpen ? guard.windowStartedAt : new Date(now).toISOString(),
        lockedUntil: failures >= maxFailures ? new Date(now + lockMs).toISOString() : undefined,
        expiresAt: Math.floor((now + windowMs + lockMs) / 1000),
      })
      .go();
  }

  export async function clear(email: string): Promise<void> {
    await db().entities.signInGuard.delete({ email }).go();
  }
}
