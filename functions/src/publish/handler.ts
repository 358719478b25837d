import { logInfo, logWarn } from "@cadence/core/log";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { PublishMessage } from "./message.ts";

/**
 * The publish queue's consumer. Each record names one target at one version. A record that is
 * not a publish message can never succeed, so it is logged and dropped rather than retried into
 * the DLQ. Failures are reported per record (partial batch responses).
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    const parsed = PublishMessage.safeParse(safeJson(record.body));
    if (!parsed.success) {
      logWarn("dropped a message that is not a publish message", { messageId: record.messageId });
      continue;
    }
    logInfo("publish message received", {
      ...parsed.data,
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
    });
  }
  return { batchItemFailures };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
