import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { PublishQueue } from "@cadence/core/ports";
import { Resource } from "sst";
import { clientOf } from "./clients.ts";

const sqs = () => clientOf(SQSClient);

/** `queueUrl` picks another queue than the stage's publish queue (an isolated test run). */
export function sqsPublishQueue(queueUrl?: string): PublishQueue {
  return {
    async send(message, delaySeconds) {
      await sqs().send(
        new SendMessageCommand({
          QueueUrl: queueUrl ?? Resource.PublishQueue.url,
          MessageBody: JSON.stringify(message),
          DelaySeconds: Math.min(900, Math.max(0, Math.ceil(delaySeconds))),
        }),
      );
    },
  };
}
