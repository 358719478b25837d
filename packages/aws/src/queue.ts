import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { PublishQueue } from "@cadence/core/ports";
import { Resource } from "sst";
import { sqs } from "./clients.ts";

export function sqsPublishQueue(): PublishQueue {
  return {
    async send(message, delaySeconds) {
      await sqs().send(
        new SendMessageCommand({
          QueueUrl: Resource.PublishQueue.url,
          MessageBody: JSON.stringify(message),
          DelaySeconds: Math.min(900, Math.max(0, Math.ceil(delaySeconds))),
        }),
      );
    },
  };
}
