import { readFileSync } from "node:fs";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { publishDelivery } from "@cadence/core/publish/delivery";
import { cronJobs } from "@cadence/local/crons";
import { describe, expect, inject, it } from "vitest";
import { calendarCrons, cronSchedules, eventDelivery, rateMs } from "../../infra/settings.ts";

// packages/core/src/publish/delivery.ts holds the publish pipeline's settings and
// infra/settings.ts the crons'. These tests fail when the running local stack, or an infra file,
// stops following them.

const infraFile = (name: string) =>
  readFileSync(new URL(`../../infra/${name}`, import.meta.url), "utf8");

/** The stack's own publish queue (each test file otherwise works on a queue of its own). */
function stackQueueUrl(
  name: "SST_RESOURCE_PublishQueue" | "SST_RESOURCE_PublishDlq" | "SST_RESOURCE_EventQueue",
): string {
  return JSON.parse(inject("stackEnv")[name] ?? "{}").url as string;
}

async function attributesOf(queueUrl: string): Promise<Record<string, string>> {
  const sqs = new SQSClient({});
  try {
    const answer = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
    );
    return answer.Attributes ?? {};
  } finally {
    sqs.destroy();
  }
}

describe("the local stack runs with infra's settings", () => {
  it("the publish queue has infra's visibility timeout and redrives after maxReceiveCount", async () => {
    const queue = await attributesOf(stackQueueUrl("SST_RESOURCE_PublishQueue"));
    expect(Number(queue.VisibilityTimeout)).toBe(publishDelivery.visibilityTimeoutSeconds);
    const redrive = JSON.parse(queue.RedrivePolicy ?? "{}") as {
      maxReceiveCount?: number | string;
      deadLetterTargetArn?: string;
    };
    expect(Number(redrive.maxReceiveCount)).toBe(publishDelivery.maxReceiveCount);
    const dlq = await attributesOf(stackQueueUrl("SST_RESOURCE_PublishDlq"));
    expect(redrive.deadLetterTargetArn).toBe(dlq.QueueArn);
    expect(Number(dlq.MessageRetentionPeriod)).toBe(publishDelivery.dlqRetentionSeconds);
  });

  it("a test file's own publish queue has the same attributes as the stack's", async () => {
    const own = await attributesOf(
      JSON.parse(process.env.SST_RESOURCE_PublishQueue ?? "{}").url as string,
    );
    expect(Number(own.VisibilityTimeout)).toBe(publishDelivery.visibilityTimeoutSeconds);
    expect(Number(JSON.parse(own.RedrivePolicy ?? "{}").maxReceiveCount)).toBe(
      publishDelivery.maxReceiveCount,
    );
  });

  it("the events queue has infra's visibility timeout and redrive, outlasting its consumer", async () => {
    const queue = await attributesOf(stackQueueUrl("SST_RESOURCE_EventQueue"));
    expect(Number(queue.VisibilityTimeout)).toBe(eventDelivery.visibilityTimeoutSeconds);
    expect(Number(JSON.parse(queue.RedrivePolicy ?? "{}").maxReceiveCount)).toBe(
      eventDelivery.maxReceiveCount,
    );
    expect(eventDelivery.visibilityTimeoutSeconds).toBeGreaterThan(
      eventDelivery.consumerTimeoutSeconds,
    );
  });

  it("the queue's visibility timeout outlasts the consumer's timeout", () => {
    // AWS refuses an event source mapping whose queue hides a message for less time than the
    // function may run (delivery.ts says why it is not the advised six times).
    expect(publishDelivery.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
      publishDelivery.consumerTimeoutSeconds + 1,
    );
  });

  it("each cron of infra runs locally on the same schedule, and no other", () => {
    const local = Object.fromEntries(
      cronJobs
        .filter((job) => job.infraName && job.infraName in cronSchedules)
        .map((job) => [job.infraName, job.everyMs]),
    );
    const expected = Object.fromEntries(
      Object.entries(cronSchedules).map(([name, rate]) => [name, rateMs(rate)]),
    );
    expect(local).toEqual(expected);
    // Calendar jobs (a weekday and hour in AWS) run locally too, hourly.
    const localNames = cronJobs.map((job) => job.infraName);
    for (const name of Object.keys(calendarCrons)) expect(localNames).toContain(name);
  });
});

describe("infra reads its settings from the settings modules", () => {
  it("declares exactly the crons of the settings, each with its schedule from there", () => {
    const source = infraFile("cron.ts");
    const declared = [...source.matchAll(/name: "(\w+)",\s*schedule: ([^,]+),/g)];
    expect(declared.map(([, name]) => name).sort()).toEqual(
      [...Object.keys(cronSchedules), ...Object.keys(calendarCrons)].sort(),
    );
    for (const [, name, schedule] of declared) {
      const from = (name ?? "") in cronSchedules ? "cronSchedules" : "calendarCrons";
      expect(schedule).toBe(`${from}.${name}`);
    }
  });

  it("takes the queue's and the consumer's values from the settings, not literals", () => {
    const queue = infraFile("queue.ts");
    expect(queue).toContain("retry: publishDelivery.maxReceiveCount");
    expect(queue).toContain("publishDelivery.visibilityTimeoutSeconds");
    expect(queue).toContain("messageRetentionSeconds: publishDelivery.dlqRetentionSeconds");
    const consumer = infraFile("publish.ts");
    expect(consumer).toContain("size: publishDelivery.batchSize");
    expect(consumer).toContain("publishDelivery.batchWindowSeconds");
    expect(consumer).toContain("publishDelivery.consumerTimeoutSeconds");
    const events = infraFile("events.ts");
    expect(events).toContain("retry: eventDelivery.maxReceiveCount");
    expect(events).toContain("eventDelivery.visibilityTimeoutSeconds");
    const eventConsumer = infraFile("event-consumer.ts");
    expect(eventConsumer).toContain("size: eventDelivery.batchSize");
    expect(eventConsumer).toContain("eventDelivery.consumerTimeoutSeconds");
  });
});
