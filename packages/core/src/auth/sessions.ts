import { ignoreCondition, isConditionFailure } from "../db/condition.ts";
import type { SessionItem } from "../db/entities/session.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Limit } from "../limit/index.ts";
import { logWarn } from "../log/index.ts";
import { newId, newSecret, sha256 } from "../util/id.ts";
import { refreshTokenTtlSeconds } from "./tokens.ts";

type RevokeReason = NonNullable<SessionItem["revokedReason"]>;

/**
 * Refresh token families. A refresh token reads `<sessionId>.<generation>.<secret>`; only the
 * hash of the current generation's secret is stored. Rotation is a conditional write on the
 * generation and hash, so of two racing refreshes exactly one wins; a token from an older
 * generation means a replay, and the whole family is revoked.
 */
export namespace Sessions {
  export async function start(userId: string, userAgent?: string) {
    const sessionId = newId("ses");
    const secret = newSecret();
    await db()
      .entities.session.create({
        userId,
        sessionId,
        generation: 1,
        tokenHash: sha256(secret),
        userAgent,
        expiresAt: expiry(),
      })
      .go();
    return { sessionId, refreshToken: `${sessionId}.1.${secret}` };
  }

  const invalid = () =>
    new VisibleError("session_ended", "The refresh token is not valid. Sign in again.");

  export async function rotate(refreshToken: string) {
    const [sessionId, generationText, secret] = refreshToken.split(".");
    const generation = Number(generationText);
    if (!sessionId?.startsWith("ses_") || !secret || !Number.isInteger(generation)) throw invalid();
    const session = (await db().entities.session.get({ sessionId }).go()).data;
    if (!session || session.revokedAt || session.expiresAt * 1000 < Date.now()) throw invalid();

    if (generation < session.generation) {
      await revoke(sessionId, "reuse_detected");
      logWarn("refresh token reuse detected; session revoked", {
        userId: session.userId,
        sessionId,
      });
      throw new VisibleError(
        "refresh_token_reused",
        "This refresh token was already used, so the session was ended to protect the account. Sign in again.",
      );
    }
    if (generation !== session.generation || sha256(secret) !== session.tokenHash) throw invalid();

    const nextSecret = newSecret();
    try {
      await db()
        .entities.session.patch({ sessionId })
        .set({
          generation: generation + 1,
          tokenHash: sha256(nextSecret),
          lastUsedAt: new Date().toISOString(),
          expiresAt: expiry(),
        })
        .where(
          (attr, op) =>
            `${op.eq(attr.generation, generation)} AND ${op.eq(attr.tokenHash, session.tokenHash)} AND ${op.notExists(attr.revokedAt)}`,
        )
        .go();
    } catch (error) {
      // A throttled or failed write says nothing about reuse: it propagates.
      if (!isConditionFailure(error)) throw error;
      // Another refresh with the same token won the race: this one is the replay.
      await revoke(sessionId, "reuse_detected");
      throw invalid();
    }
    return {
      userId: session.userId,
      sessionId,
      refreshToken: `${sessionId}.${generation + 1}.${nextSecret}`,
    };
  }

  export async function revoke(sessionId: string, reason: RevokeReason) {
    try {
      await db()
        .entities.session.patch({ sessionId })
        .set({ revokedAt: new Date().toISOString(), revokedReason: reason })
        .where((attr, op) => op.notExists(attr.revokedAt))
        .go();
    } catch (error) {
      // Already revoked (or gone): the session is over either way.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * The live session an access token names, or undefined when it was revoked or expired. A
   * strongly consistent read, so a sign-out is seen by the very next request.
   */
  export async function current(sessionId: string): Promise<SessionItem | undefined> {
    const session = (await db().entities.session.get({ sessionId }).go({ consistent: true })).data;
    if (!session || session.revokedAt || session.expiresAt * 1000 < Date.now()) return undefined;
    return session;
  }

  /** Ends the person's live sessions, all of them or all but `keep` (the one asking). */
  export async function revokeAll(userId: string, reason: RevokeReason, keep?: string) {
    let cursor: string | null = null;
    do {
      const page: { data: SessionItem[]; cursor: string | null } = await db()
        .entities.session.query.byUser({ userId })
        .go({ cursor, limit: 100 });
      for (const session of page.data.filter((s) => !s.revokedAt && s.sessionId !== keep)) {
        await revoke(session.sessionId, reason);
      }
      cursor = page.cursor;
    } while (cursor);
  }

  function expiry(): number {
    return Math.floor(Date.now() / 1000) + refreshTokenTtlSeconds;
  }
}
