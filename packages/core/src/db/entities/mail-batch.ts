import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * Notification mail waiting to go out to one person, batched: the `open` item points at the
 * current window, every event joins that window's batch, and one message sends them all once
 * the window has been quiet a while, so a storm of a hundred failures is one mail. `sentAt` is
 * claimed by the flush before the mail goes out; an event that finds it set opens the next
 * window. One partition per person and workspace; kept a day.
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
    /** When an event last joined: the flush waits for a quiet period after it. */
    lastJoinedAt: { type: "string" },
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
