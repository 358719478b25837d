import { attempt, enqueueDeliveries } from "../hook/delivery.ts";
import { Notification } from "../notification/index.ts";
import type { EventMessage } from "../ports.ts";
import { Event } from "./index.ts";

/**
 * The events queue's work, one message at a time: an event's fan-out to the people it concerns
 * and to the webhook endpoints that want it, one webhook attempt, or one person's batched mail.
 * Each step adds nothing twice, so a duplicate message is harmless; any error propagates and the
 * queue delivers the message again.
 */
export async function consumeEventMessage(message: EventMessage): Promise<void> {
  switch (message.kind) {
    case "fanout": {
      const event = await Event.load(message.workspaceId, message.eventId);
      if (!event) return;
      await Notification.deliver(event);
      await enqueueDeliveries(event);
      await Event.fannedOut(event);
      return;
    }
    case "deliver":
      await attempt(message);
      return;
    case "mail":
      await Notification.flush(message);
      return;
  }
}
