import { DeadLetter } from "@cadence/core/dead-letter";
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
        const receiveCount = Number(record.attributes.ApproximateReceiveCount);
        logError("publish message failed; SQS will redeliver it", {
          messageId: record.messageId,
          ...message,
          receiveCount,
          error:
            error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        // The note is what a dead-letter entry will tell; failing to write it must not turn
        // this record's failure into a success, so its own error is logged and the record
        // is still reported failed.
        await DeadLetter.noteFailure({ ...message, receiveCount, error }).catch((noteError) =>
          logError("could not note why a publish message failed", {
            messageId: record.messageId,
            error: noteError instanceof Error ? noteError.message : String(noteError),
          }),
        );
        return { itemIdentifier: record.messageId };
      }
    }),
  );
  return { batchItemFailures: failures.filter((f) => f !== undefined) };
}
