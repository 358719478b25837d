import {
  type Network,
  NetworkError,
  type WebhookEvent,
  type WebhookRequest,
} from "@cadence/networks";
import { withActor } from "../actor/index.ts";
import { disconnectAccount } from "../connect/disconnect.ts";
import { Credential } from "../credential/index.ts";
import { webhookShards } from "../db/entities/webhook-event.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Limit } from "../limit/index.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { adapterFor, isNetworkId } from "../network/index.ts";
import { newId, sha256 } from "../util/id.ts";

/**
 * Deliveries the networks push to /webhooks/{network}. The adapter verifies the signature (or
 * answers the network's handshake); accepted events are stored for 30 days, and a
 * deauthorization disconnects every account resting on that user's authorization.
 */
export namespace Webhook {
  export const retentionDays = 30;
  /** The raw event kept per delivery is cut at this many characters (items max out at 400 KB). */
  const maxRawChars = 100_000;

  export type Result =
    | { kind: "challenge"; status: number; body: string; contentType: string }
    | { kind: "rejected" }
    | { kind: "received"; events: number; duplicates: number; stale: number };

  /** A destructive event older (or newer) than this is refused: a replay, not news. */
  export const destructiveWindowMs = 10 * 60_000;
  /** Other events: the networks retry failed deliveries for up to a day and a half. */
  export const eventWindowMs = 48 * 3_600_000;
  /** How long an event id is remembered, to ignore a repeat. */
  const dedupeSeconds = 3 * 86_400;

  function stale(event: WebhookEvent, now: number): boolean {
    if (event.occurredAt === undefined) return false;
    const window = event.type === "deauthorized" ? destructiveWindowMs : eventWindowMs;
    return Math.abs(now - event.occurredAt) > window;
  }

  /**
   * True the first time an event is seen: one conditional ADD on a counter keyed by the event's
   * id (or, without one, by the signed delivery's bytes and the event's place in it).
   */
  async function firstSighting(network: string, key: string): Promise<boolean> {
    const taken = await Limit.take(
      { name: `webhook-${network}`, max: 1, windowSeconds: dedupeSeconds },
      key,
    );
    return taken.allowed;
  }

  export async function receive(network: string, request: WebhookRequest): Promise<Result> {
    const adapter = webhookAdapter(network);
    const outcome = await adapter.webhook?.(request);
    if (!outcome) throw notFound(network);
    if (outcome.kind === "challenge") return outcome;
    if (outcome.kind === "rejected") {
      logWarn("webhook rejected", { network, reason: outcome.reason });
      return { kind: "rejected" };
    }
    const now = Date.now();
    const delivery = sha256(request.rawBody);
    let received = 0;
    let duplicates = 0;
    let refused = 0;
    for (const [index, event] of outcome.events.entries()) {
      if (stale(event, now)) {
        refused += 1;
        continue;
      }
      if (!(await firstSighting(adapter.id, event.id ?? `${delivery}#${index}`))) {
        duplicates += 1;
        continue;
      }
      received += 1;
      const stored = await store(adapter.id, event);
      if (event.type === "deauthorized" && event.accountExternalId) {
        const count = await deauthorized(adapter, event);
        await db()
          .entities.webhookEvent.patch(stored)
          .set({ handled: `disconnected ${count} account${count === 1 ? "" : "s"}` })
          .go();
      }
    }
    logInfo("webhook received", { network, received, duplicates, stale: refused });
    return { kind: "received", events: received, duplicates, stale: refused };
  }

  function notFound(network: string) {
    return new VisibleError(
      "webhook_not_found",
      `Cadence takes no webhooks from ${network.slice(0, 40)} here.`,
    );
  }

  /** Only a supported, configured network with webhooks has this address. */
  function webhookAdapter(network: string): Network {
    if (!isNetworkId(network)) throw notFound(network);
    let adapter: Network;
    try {
      adapter = adapterFor(network);
    } catch {
      throw notFound(network);
    }
    if (!adapter.webhook) throw notFound(network);
    return adapter;
  }

  async function store(network: string, event: WebhookEvent) {
    const now = new Date();
    const key = {
      network,
      day: now.toISOString().slice(0, 10),
      // A random shard: deliveries are not read by key, and a burst spreads over partitions.
      shard: String(Math.floor(Math.random() * webhookShards)),
      receivedAt: now.toISOString(),
      eventId: newId("whe"),
    };
    await db()
      .entities.webhookEvent.create({
        ...key,
        type: event.type,
        accountExternalId: event.accountExternalId,
        postExternalId: event.postExternalId,
        raw: JSON.stringify(event.raw ?? null).slice(0, maxRawChars),
        handled: "stored",
        expiresAt: Math.floor(now.getTime() / 1000) + retentionDays * 86_400,
      })
      .go();
    return key;
  }

  /**
   * The network user removed Cadence: their accounts (and pages picked through them) go. An
   * event that is not its own proof (X's revoke) is confirmed with the network first: only an
   * account whose stored token the network now refuses is disconnected, so a forged or replayed
   * revoke changes nothing.
   */
  async function deauthorized(adapter: Network, event: WebhookEvent): Promise<number> {
    const accounts = await db()
      .entities.account.query.byGrant({ grantKey: `${adapter.id}#${event.accountExternalId}` })
      .go({ pages: "all", hydrate: true });
    const connected = accounts.data.filter((account) => account.status !== "disconnected");
    let disconnected = 0;
    for (const account of connected) {
      await withActor(
        { type: "system", job: "webhook", workspace: { workspaceId: account.workspaceId } },
        async () => {
          if (event.proof !== "signed_payload" && !(await revokedOnNetwork(adapter, account))) {
            logWarn("webhook revoke not confirmed by the network; account kept", {
              network: adapter.id,
              accountId: account.accountId,
            });
            return;
          }
          await disconnectAccount(account.accountId, {
            revoke: false,
            reason: `Cadence's access was removed on ${adapter.displayName}. Reconnect the account to schedule posts again.`,
            deleteIfUnused: false,
          });
          disconnected += 1;
        },
      );
    }
    return disconnected;
  }

  /** Asks the network who the stored token belongs to: an auth refusal confirms the revoke. */
  async function revokedOnNetwork(
    adapter: Network,
    account: { workspaceId: string; accountId: string },
  ): Promise<boolean> {
    try {
      const tokens = await Credential.tokensFor(account.workspaceId, account.accountId);
      await adapter.profile(tokens);
      return false;
    } catch (error) {
      if (error instanceof NetworkError && error.kind === "auth") return true;
      throw error;
    }
  }

  /** The stored events of a network and day, for support and tests. */
  export async function ofDay(network: string, day: string) {
    const shards = await Promise.all(
      Array.from({ length: webhookShards }, (_, shard) =>
        db()
          .entities.webhookEvent.query.byDay({ network, day, shard: String(shard) })
          .go({ pages: "all" }),
      ),
    );
    return shards.flatMap((result) => result.data);
  }
}
