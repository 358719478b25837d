import type { Network, WebhookEvent, WebhookRequest } from "@cadence/networks";
import { withActor } from "../actor/index.ts";
import { disconnectAccount } from "../connect/disconnect.ts";
import { webhookShards } from "../db/entities/webhook-event.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { adapterFor, isNetworkId } from "../network/index.ts";
import { newId } from "../util/id.ts";

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
    | { kind: "received"; events: number };

  export async function receive(network: string, request: WebhookRequest): Promise<Result> {
    const adapter = webhookAdapter(network);
    const outcome = await adapter.webhook?.(request);
    if (!outcome) throw notFound(network);
    if (outcome.kind === "challenge") return outcome;
    if (outcome.kind === "rejected") {
      logWarn("webhook rejected", { network, reason: outcome.reason });
      return { kind: "rejected" };
    }
    for (const event of outcome.events) {
      const stored = await store(adapter.id, event);
      if (event.type === "deauthorized" && event.accountExternalId) {
        const count = await deauthorized(adapter, event.accountExternalId);
        await db()
          .entities.webhookEvent.patch(stored)
          .set({ handled: `disconnected ${count} account${count === 1 ? "" : "s"}` })
          .go();
      }
    }
    logInfo("webhook received", { network, events: outcome.events.length });
    return { kind: "received", events: outcome.events.length };
  }

  function notFound(network: string) {
    return new VisibleError(
      "not_found",
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

  /** The network user removed Cadence: their accounts (and pages picked through them) go. */
  async function deauthorized(adapter: Network, externalId: string): Promise<number> {
    const accounts = await db()
      .entities.account.query.byGrant({ grantKey: `${adapter.id}#${externalId}` })
      .go({ pages: "all", hydrate: true });
    const connected = accounts.data.filter((account) => account.status !== "disconnected");
    for (const account of connected) {
      await withActor(
        { type: "system", job: "webhook", workspace: { workspaceId: account.workspaceId } },
        () =>
          disconnectAccount(account.accountId, {
            revoke: false,
            reason: `Cadence's access was removed on ${adapter.displayName}. Reconnect the account to schedule posts again.`,
            deleteIfUnused: false,
          }),
      );
    }
    return connected.length;
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
