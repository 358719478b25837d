import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/**
 * A publish message that ended in the DLQ (the consumer failed it maxReceiveCount times, or
 * the scheduler could not deliver it), moved here so each workspace sees and redrives only its
 * own. Kept 30 days.
 */
export const DeadLetterEntity = new Entity({
  model: { entity: "deadLetter", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    deadLetterId: { type: "string", required: true, readOnly: true },
    receivedAt: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true, readOnly: true },
    /** Why it got there: the consumer's last error, or the scheduler's ERROR_CODE / MESSAGE. */
    reason: { type: "string", required: true, default: "" },
    /** How often the publish queue handed it to the consumer (0: the scheduler never could). */
    receiveCount: { type: "number", required: true, default: 0 },
    /** When the consumer last failed it, when known. */
    lastErrorAt: { type: "string" },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}#deadletters" },
      sk: {
        field: "sk",
        composite: ["receivedAt", "deadLetterId"],
        template: "${receivedAt}#${deadLetterId}",
      },
    },
  },
});
export type DeadLetterItem = EntityItem<typeof DeadLetterEntity>;
