import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * One person's notice of one event in one workspace (the bell). Keyed by workspace and person,
 * newest first, so the bell and its list read one partition; a person's partition grows only
 * with what happens to them and expires after 90 days (`expiresAt`, the table's TTL). The sort
 * key ends in the event id, and the create is conditional: a repeated fan-out adds nothing.
 */
export const NotificationEntity = new Entity({
  model: { entity: "notification", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    eventId: { type: "string", required: true, readOnly: true },
    occurredAt: { type: "string", required: true, readOnly: true },
    type: { type: "string", required: true, readOnly: true },
    title: { type: "string", required: true, readOnly: true },
    body: { type: "string", required: true, readOnly: true },
    /** Where the thing concerned is shown, and where it is fixed (site paths). */
    link: { type: "string", required: true, readOnly: true },
    fixLink: { type: "string" },
    fixLabel: { type: "string" },
    /** "" while unread. */
    readAt: { type: "string", required: true, default: "" },
    /** False when the person takes this event by mail only: kept as the fan-out's record. */
    inApp: { type: "boolean", required: true, default: true },
    /** In the person's daily digest instead of (or besides) their mail: set when it is sent. */
    digest: { type: "boolean", required: true, default: false },
    /**
     * "pending" from the create until the notice has joined the person's mail, then "joined"; ""
     * when it goes by no mail. A fan-out run again after a crash in between joins it then.
     */
    mailState: { type: "string", required: true, default: "" },
    expiresAt: { type: "number", required: true },
    ...timestamps,
  },
  indexes: {
    byPerson: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "userId"],
        template: "ws#${workspaceId}#notes#${userId}",
      },
      sk: {
        field: "sk",
        composite: ["occurredAt", "eventId"],
        template: "${occurredAt}#${eventId}",
      },
    },
  },
});
export type NotificationItem = EntityItem<typeof NotificationEntity>;
