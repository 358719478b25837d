import { CreateScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { queueArn } from "@cadence/local/resources";
import { startWorker } from "@cadence/local/worker";
import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";

/** `at()` takes whole seconds in the schedule's zone (UTC here). */
function atExpression(date: Date): string {
  return `at(${date.toISOString().slice(0, 19)})`;
}

describe("a one-time schedule, end to end on the local stack", () => {
  it("reaches SQS within a second of its time and the worker hands it over as an SQSEvent", async () => {
    const queueName = `at-test-${crypto.randomUUID().slice(0, 8)}`;
    const sqs = new SQSClient({});
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
    const scheduler = new SchedulerClient({});
    const groupName = JSON.parse(process.env.SST_RESOURCE_PublishSchedules ?? "{}").group;
    const roleArn = JSON.parse(process.env.SST_RESOURCE_PublishSchedules ?? "{}").roleArn;

    const due = new Date(Math.ceil((Date.now() + 2_000) / 1000) * 1000);
    const message = { workspaceId: "ws_1", targetId: "tg_1", version: 3 };
    await scheduler.send(
      new CreateScheduleCommand({
        Name: `tg_1-v3-${queueName}`,
        GroupName: groupName,
        ScheduleExpression: atExpression(due),
        ScheduleExpressionTimezone: "UTC",
        FlexibleTimeWindow: { Mode: "OFF" },
        ActionAfterCompletion: "DELETE",
        Target: { Arn: queueArn(queueName), RoleArn: roleArn, Input: JSON.stringify(message) },
      }),
    );

    const arrivals: { record: SQSRecord; at: number }[] = [];
    const worker = startWorker({
      endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? "",
      queueUrl: QueueUrl ?? "",
      queueArn: queueArn(queueName),
      concurrency: 1,
      handler: async (event) => {
        for (const record of event.Records) arrivals.push({ record, at: Date.now() });
        return { batchItemFailures: [] };
      },
    });
    try {
      const deadline = due.getTime() + 5_000;
      while (arrivals.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(arrivals).toHaveLength(1);
      const first = arrivals[0]!;
      expect(JSON.parse(first.record.body)).toEqual(message);
      expect(first.record.eventSource).toBe("aws:sqs");
      // Sent by the scheduler within a second of the due time (SentTimestamp is set by SQS).
      const sentAt = Number(first.record.attributes.SentTimestamp);
      expect(sentAt - due.getTime()).toBeGreaterThanOrEqual(0);
      expect(sentAt - due.getTime()).toBeLessThan(1_000);
    } finally {
      await worker.stop();
      scheduler.destroy();
      sqs.destroy();
    }
  });
});
