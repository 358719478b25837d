import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { JobQueue } from "@cadence/core/ports";
import { Resource } from "sst";
import { clientOf } from "./clients.ts";

const sqs = () => clientOf(SQSClient);

/** The stage's jobs queue (imports, exports, video processing); `queueUrl` picks another. */
export function sqsJobQueue(queueUrl?: string): JobQueue {
  return {
    async send(message) {
      await sqs().send(
        new SendMessageCommand({
          QueueUrl: queueUrl ?? Resource.JobQueue.url,
          MessageBody: JSON.stringify(message),
        }),
      );
    },
  };
}
