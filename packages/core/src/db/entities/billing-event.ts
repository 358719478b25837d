import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/**
 * A Stripe event Cadence has applied, by its id: created with attribute_not_exists, so a
 * delivery Stripe repeats (it retries for up to three days) runs its effects once. One item per
 * event id, so deliveries spread over partitions; TTL removes it after 30 days.
 */
export const BillingEventEntity = new Entity({
  model: { entity: "billingEvent", version: "1", service },
  attributes: {
    eventId: { type: "string", required: true, readOnly: true },
    type: { type: "string", required: true, readOnly: true },
    workspaceId: { type: "string", readOnly: true },
    receivedAt: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true, readOnly: true },
  },
  indexes: {
    byEvent: {
      pk: { field: "pk", composite: ["eventId"], template: "stripe#event#${eventId}" },
      sk: { field: "sk", composite: [], template: "event" },
    },
  },
});
export type BillingEventItem = EntityItem<typeof BillingEventEntity>;
