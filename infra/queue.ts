import { publishDelivery } from "../packages/core/src/publish/delivery";

// Publish messages ({ workspaceId, targetId, version }) flow scheduler → publishQueue →
// consumer (infra/publish.ts). Messages that keep failing end in the DLQ, which is also
// EventBridge Scheduler's dead-letter target when it cannot deliver at all.

export const publishDlq = new sst.aws.Queue("PublishDlq", {
  transform: {
    queue: { messageRetentionSeconds: publishDelivery.dlqRetentionSeconds },
  },
});

// Receive count and visibility timeout are explained where they are defined, in
// packages/core/src/publish/delivery.ts; the local stack's queues use the same values.
export const publishQueue = new sst.aws.Queue("PublishQueue", {
  dlq: { queue: publishDlq.arn, retry: publishDelivery.maxReceiveCount },
  visibilityTimeout: `${publishDelivery.visibilityTimeoutSeconds} seconds`,
});
