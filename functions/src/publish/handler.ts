import { logError, logWarn } from "@cadence/core/log";
import { Publish, readPublishMessage } from "@cadence/core/publish";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { wire } from "../wire.ts";

wire();

/**
 * The publish queue's consumer. Each record names one target at one version; records in a batch
 * run concurrently. A record that is not a publish message can never succeed, so it is logged
 * and dropped. Anything unexpected (a store error, a crash mid-way) is reported as that record's
 * failure, so SQS redelivers it alone and, after maxReceiveCount, moves it to the DLQ.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures = await Promise.all(
    event.Records.map(async (record) => {
      const message = readPublishMessage(record.body);
      if (!message) {
        logWarn("dropped a message that is not a publish message", { messageId: record.messageId });
        return undefined;
      }
      try {
        await Publish.process(message);
        return undefined;
      } catch (error) {
        logError("publish message failed; SQS will redeliver it", {
          messageId: record.messageId,
          ...message,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error:
            error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        return { itemIdentifier: record.messageId };
      }
    }),
  );
  return { batchItemFailures: failures.filter((f) => f !== undefined) };
}
