import { isConditionFailure } from "../db/condition.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";

/**
 * Idempotency-Key for creating POSTs: the first request with a key runs; a retry with the same
 * key and the same body gets the stored response; the same key with a different body, or while
 * the first is still running, is refused. Records live 24 hours.
 */
export namespace Idempotency {
  const ttlSeconds = 24 * 60 * 60;

  export interface StoredResponse {
    status: number;
    body: string;
    headers: { location?: string; etag?: string };
  }

  export async function begin(
    scope: string,
    key: string,
    requestHash: string,
  ): Promise<StoredResponse | undefined> {
    try {
      await db()
        .entities.idempotency.create({
          scope,
          key,
          requestHash,
          state: "in_progress",
          expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds,
        })
        .go();
      return undefined;
    } catch (error) {
      // Only "the key is taken" is answered from the stored record; anything else propagates.
      if (!isConditionFailure(error)) throw error;
      const existing = (await db().entities.idempotency.get({ scope, key }).go()).data;
      if (!existing) return begin(scope, key, requestHash);
      if (existing.requestHash !== requestHash) {
        throw new VisibleError(
          "idempotency_key_reused",
          "This Idempotency-Key was used for a different request. Use a new key for each new request.",
          "Idempotency-Key",
        );
      }
      if (existing.state !== "done" || existing.status === undefined) {
        throw new VisibleError(
          "request_in_progress",
          "A request with this Idempotency-Key is still being processed. Retry in a moment.",
        );
      }
      return {
        status: existing.status,
        body: existing.body ?? "",
        headers: existing.headers ?? {},
      };
    }
  }

  export async function complete(
    scope: string,
    key: string,
    response: StoredResponse,
  ): Promise<void> {
    await db()
      .entities.idempotency.patch({ scope, key })
      .set({
        state: "done",
        status: response.status,
        body: response.body,
        headers: response.headers,
      })
      .go();
  }

  /** A failed attempt leaves no record, so the client's retry runs again. */
  export async function abandon(scope: string, key: string): Promise<void> {
    await db().entities.idempotency.delete({ scope, key }).go();
  }
}
