import { Event } from "@cadence/core/event";
import { consumeEventMessage } from "@cadence/core/event/consume";
import { logError, logWarn } from "@cadence/core/log";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { wire } from "../wire.ts";

wire();

/**
 * The events queue's consumer: fan-outs, webhook attempts and batched mail (core/event). A
 * failed record is reported alone, so SQS delivers it again and, after five receives, parks it
 * in the events DLQ; the rest of the batch is done.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      const message = Event.readMessage(record.body);
      if (!message) {
        logWarn("dropped a message that is not an events message", {
          messageId: record.messageId,
        });
        return;
      }
      try {
        await consumeEventMessage(message);
      } catch (error) {
        logError("events message failed; SQS will redeliver it", {
          messageId: record.messageId,
          kind: message.kind,
          workspaceId: message.workspaceId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error:
            error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures: failures };
}
