import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/** Deliveries of a network and day are spread over this many partitions. */
export const webhookShards = 8;

/**
 * An event a network pushed to /webhooks/{network}, kept 30 days (TTL). Keyed by network, day
 * and a random shard, so a burst of deliveries never lands on one partition.
 */
export const WebhookEventEntity = new Entity({
  model: { entity: "webhookEvent", version: "1", service },
  attributes: {
    network: { type: "string", required: true, readOnly: true },
    day: { type: "string", required: true, readOnly: true },
    shard: { type: "string", required: true, readOnly: true },
    eventId: { type: "string", required: true, readOnly: true },
    receivedAt: { type: "string", required: true, readOnly: true },
    type: { type: "string", required: true, readOnly: true },
    accountExternalId: { type: "string", readOnly: true },
    postExternalId: { type: "string", readOnly: true },
    /** The event as the network sent it (JSON text). */
    raw: { type: "string", required: true, readOnly: true },
    /** What Cadence did about it ("disconnected 2 accounts", "stored"). */
    handled: { type: "string" },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byDay: {
      pk: {
        field: "pk",
        composite: ["network", "day", "shard"],
        template: "webhook#${network}#${day}#${shard}",
      },
      sk: {
        field: "sk",
        composite: ["receivedAt", "eventId"],
        template: "${receivedAt}#${eventId}",
      },
    },
  },
});
export type WebhookEventItem = EntityItem<typeof WebhookEventEntity>;
