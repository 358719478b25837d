// Publish messages ({ workspaceId, targetId, version }) flow scheduler → publishQueue →
// consumer (infra/publish.ts). Messages that keep failing end in the DLQ, which is also
// EventBridge Scheduler's dead-letter target when it cannot deliver at all.

import { publishQueueSettings } from "./settings";

export const publishDlq = new sst.aws.Queue("PublishDlq", {
  transform: {
    queue: { messageRetentionSeconds: publishQueueSettings.dlqRetentionSeconds },
  },
});

export const publishQueue = new sst.aws.Queue("PublishQueue", {
  dlq: { queue: publishDlq.arn, retry: publishQueueSettings.maxReceiveCount },
  visibilityTimeout: `${publishQueueSettings.visibilityTimeoutSeconds} seconds`,
});
