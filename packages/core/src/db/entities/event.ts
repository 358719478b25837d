import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * A workspace event (post.published, approval.requested, …), recorded once after the write that
 * caused it committed. The id is derived from the cause, so a cause that runs twice (a duplicate
 * message, a retried request) finds the event already there: the create is conditional. Read by
 * id only (the fan-out and webhook deliveries load it); each workspace's events sit in their own
 * partition and a workspace makes a few per post. Kept 30 days, longer than any delivery retry.
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
    ...timestamps,
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}#events" },
      sk: { field: "sk", composite: ["eventId"], template: "${eventId}" },
    },
  },
});
export type EventItem = EntityItem<typeof EventEntity>;
