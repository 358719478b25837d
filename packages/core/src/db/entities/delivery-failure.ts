import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/**
 * The last time the publish consumer failed a message, per target and version: what went
 * wrong, when, and the queue's receive count then. SQS keeps none of this with a message it
 * moves to the DLQ, so the dead-letter entry reads it from here. One small item per failing
 * message, overwritten on each failure; kept as long as the DLQ keeps messages.
 */
export const DeliveryFailureEntity = new Entity({
  model: { entity: "deliveryFailure", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true, readOnly: true },
    receiveCount: { type: "number", required: true },
    /** The error's class and message (Cadence's own errors never hold a secret). */
    error: { type: "string", required: true },
    failedAt: { type: "string", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byMessage: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "targetId"],
        template: "ws#${workspaceId}#deliveryfailure#${targetId}",
      },
      sk: { field: "sk", composite: ["version"], template: "v#${version}" },
    },
  },
});
export type DeliveryFailureItem = EntityItem<typeof DeliveryFailureEntity>;
