import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { DeadLetterQueue } from "@cadence/core/ports";
import { Resource } from "sst";
import { clientOf } from "./clients.ts";

const sqs = () => clientOf(SQSClient);

export function sqsDeadLetters(queueUrl?: string): DeadLetterQueue {
  const url = () => queueUrl ?? Resource.PublishDlq.url;
  return {
    async receive() {
      const received = await sqs().send(
        new ReceiveMessageCommand({
          QueueUrl: url(),
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 60,
          // local-aws-sqs reads only the older AttributeNames; SQS accepts both.
          AttributeNames: ["All"],
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "DeadLetterQueueSourceArn"],
          MessageAttributeNames: ["All"],
        }),
      );
      return (received.Messages ?? []).map((m) => ({
        handle: m.ReceiptHandle ?? "",
        messageId: m.MessageId ?? "",
        body: m.Body ?? "",
        receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
        sourceQueueArn: m.Attributes?.DeadLetterQueueSourceArn,
        attributes: Object.fromEntries(
          Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? ""]),
        ),
      }));
    },
    async remove(handle) {
      await sqs().send(new DeleteMessageCommand({ QueueUrl: url(), ReceiptHandle: handle }));
    },
  };
}
