import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * One event's delivery to one endpoint, with its attempts (the delivery log). The id is derived
 * from the event and the endpoint, so a repeated fan-out creates nothing twice; each attempt is
 * claimed by a conditional write on `attempts`, so a duplicate queue message sends nothing.
 * One partition per endpoint, newest first by id (a ULID of the first attempt's time).
 */
export const HookDeliveryEntity = new Entity({
  model: { entity: "hookDelivery", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    endpointId: { type: "string", required: true, readOnly: true },
    deliveryId: { type: "string", required: true, readOnly: true },
    /** The webhook-id header: the event's id, the same on every attempt and redelivery. */
    messageId: { type: "string", required: true, readOnly: true },
    eventType: { type: "string", required: true, readOnly: true },
    /** The exact body sent (JSON), so each attempt signs the same bytes. */
    body: { type: "string", required: true, readOnly: true },
    status: {
      type: ["pending", "succeeded", "failed"] as const,
      required: true,
      default: "pending",
    },
    /** Attempts made so far (claimed before each one). */
    attempts: { type: "number", required: true, default: 0 },
    /** The attempt after which it stops: the retry schedule's length, 1 for a test, or one
     *  more than made so far for a redelivery a person asked for. */
    finalAttempt: { type: "number", required: true },
    /** When the next attempt is due (ISO), "" when none is. */
    nextAttemptAt: { type: "string", required: true, default: "" },
    /** JSON list of { at, ok, status, durationMs, error } per attempt, oldest first. */
    log: { type: "string", required: true, default: "[]" },
    expiresAt: { type: "number", required: true },
    ...timestamps,
  },
  indexes: {
    byEndpoint: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "endpointId"],
        template: "ws#${workspaceId}#hook#${endpointId}",
      },
      sk: { field: "sk", composite: ["deliveryId"], template: "${deliveryId}" },
    },
  },
});
export type HookDeliveryItem = EntityItem<typeof HookDeliveryEntity>;
