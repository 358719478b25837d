import { eventDelivery } from "./settings";

// Workspace events ({ kind: "fanout" | "deliver" | "mail", … }, packages/core/src/ports.ts):
// every function that changes something people care about records the event and sends its
// fan-out here; the consumer (infra/event-consumer.ts) tells members, mails them in batches and
// delivers signed webhooks, retrying an endpoint on its own schedule with delayed messages.

export const eventDlq = new sst.aws.Queue("EventDlq", {
  transform: { queue: { messageRetentionSeconds: eventDelivery.dlqRetentionSeconds } },
});

export const eventQueue = new sst.aws.Queue("EventQueue", {
  dlq: { queue: eventDlq.arn, retry: eventDelivery.maxReceiveCount },
  visibilityTimeout: `${eventDelivery.visibilityTimeoutSeconds} seconds`,
});
