import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * Notification mail waiting to go out to one person, batched: the first event of a quiet spell
 * opens a window (`open` item), every event within it joins the window's batch, and one message
 * at the window's end sends them all, so a storm of a hundred failures is one mail. `sentAt` is
 * claimed by the flush before the mail goes out; an event that finds it set starts a new window.
 * One partition per person and workspace; kept a day.
 */
export const MailBatchEntity = new Entity({
  model: { entity: "mailBatch", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    /** "open" for the pointer to the current window, else the window's start (ISO). */
    window: { type: "string", required: true, readOnly: true },
    /** On the pointer: the current window's start. */
    openedAt: { type: "string" },
    /** On a window: the notifications' event ids. */
    eventIds: { type: "set", items: "string" },
    sentAt: { type: "string" },
    expiresAt: { type: "number", required: true },
    ...timestamps,
  },
  indexes: {
    byWindow: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "userId"],
        template: "ws#${workspaceId}#mail#${userId}",
      },
      sk: { field: "sk", composite: ["window"], template: "${window}" },
    },
  },
});
export type MailBatchItem = EntityItem<typeof MailBatchEntity>;
