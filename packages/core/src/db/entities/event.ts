import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * A workspace event (post.published, approval.requested, …), recorded once after the write that
 * caused it committed. The id is derived from the cause, so a cause that runs twice (a duplicate
 * message, a retried request) finds the event already there: the create is conditional. Read by
 * id only (the fan-out and webhook deliveries load it); each workspace's events sit in their own
 * partition and a workspace makes a few per post. Kept 30 days, longer than any delivery retry.
 *
 * Until its fan-out has run, an event sits in the sparse fan-out check index: a crash between
 * the create and the queue message (or a lost message) leaves it there, and the sweep
 * (event/sweep.ts) sends its fan-out again once its check time passes.
 */
export const EventEntity = new Entity({
  model: { entity: "event", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    eventId: { type: "string", required: true, readOnly: true },
    type: { type: "string", required: true, readOnly: true },
    /** The payload's schema version (event/catalog.ts). */
    payloadVersion: { type: "number", required: true, readOnly: true },
    /** The payload, JSON, as webhooks send it. */
    payload: { type: "string", required: true, readOnly: true },
    occurredAt: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true },
    /** When the sweep looks for a fan-out that has not run (ISO); "" once it ran. */
    fanoutCheckAt: { type: "string", required: true, default: "" },
    /** The check index partition: a hash of the event id, spreading a burst of events. */
    fanoutShard: { type: "string", required: true, default: "0" },
    /** How often the sweep sent the fan-out again. */
    fanoutSweeps: { type: "number", required: true, default: 0 },
    ...timestamps,
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}#events" },
      sk: { field: "sk", composite: ["eventId"], template: "${eventId}" },
    },
    // Fan-outs not yet run whose check time passed, across tenants, in a few partitions. An
    // event enters at its create and leaves when its fan-out finishes, a moment later.
    byFanoutCheck: {
      index: "gsi3",
      // Keys only: the sweep reads each event by primary key before acting on it.
      projection: "keys_only",
      condition: (attr) => Boolean(attr.fanoutCheckAt),
      pk: { field: "gsi3pk", composite: ["fanoutShard"], template: "fanout#${fanoutShard}" },
      sk: {
        field: "gsi3sk",
        composite: ["fanoutCheckAt", "eventId"],
        template: "${fanoutCheckAt}#${eventId}",
      },
    },
  },
});
export type EventItem = EntityItem<typeof EventEntity>;
