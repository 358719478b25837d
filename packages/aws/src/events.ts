import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { EventQueue } from "@cadence/core/ports";
import { Resource } from "sst";
import { clientOf } from "./clients.ts";

const sqs = () => clientOf(SQSClient);

/** The stage's events queue (fan-out, webhook deliveries, batched mail). */
export function sqsEventQueue(queueUrl?: string): EventQueue {
  return {
    async send(message, delaySeconds) {
      await sqs().send(
        new SendMessageCommand({
          QueueUrl: queueUrl ?? Resource.EventQueue.url,
          MessageBody: JSON.stringify(message),
          DelaySeconds: Math.max(0, Math.min(900, Math.ceil(delaySeconds))),
        }),
      );
    },
  };
}
