import { Job } from "@cadence/core/job";
import { logError, logWarn } from "@cadence/core/log";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { wire } from "../wire.ts";

wire();

/**
 * The jobs queue's consumer (imports, exports, video processing). The mapping hands one job at
 * a time (infra/jobs.ts), each with up to 15 minutes. A job that fails for a reason a person can
 * fix ends `failed` inside Job.run; anything else is this record's failure, so SQS delivers it
 * again and, after three receives, parks it in the jobs DLQ.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const message = Job.readMessage(record.body);
    if (!message) {
      logWarn("dropped a message that is not a job message", { messageId: record.messageId });
      continue;
    }
    try {
      await Job.run(message);
    } catch (error) {
      logError("job message failed; SQS will redeliver it", {
        messageId: record.messageId,
        ...message,
        receiveCount: record.attributes.ApproximateReceiveCount,
        error:
          error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
