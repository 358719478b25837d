// Publish messages ({ workspaceId, targetId, version }) flow scheduler → publishQueue →
// consumer (infra/publish.ts). Messages that keep failing end in the DLQ, which is also
// EventBridge Scheduler's dead-letter target when it cannot deliver at all.

export const publishDlq = new sst.aws.Queue("PublishDlq", {
  transform: {
    // The longest SQS allows: time to find the cause and redrive before messages expire.
    queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 },
  },
});

export const publishQueue = new sst.aws.Queue("PublishQueue", {
  // After 5 failed receives a message is parked in the DLQ instead of retrying forever.
  dlq: { queue: publishDlq.arn, retry: 5 },
  // AWS advises at least 6× the consumer's timeout (30 s) for a Lambda event source, so
  // a batch held through throttling and retries is not delivered twice in parallel.
  visibilityTimeout: "180 seconds",
});
