import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from "@aws-sdk/client-scheduler";
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { createSqsServer } from "local-aws-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextOccurrence, parseScheduleExpression } from "./expression.ts";
import {
  atExpressionInstant,
  pickInvocationTime,
  type SchedulerEmulator,
  startSchedulerEmulator,
} from "./index.ts";
import { TimerQueue } from "./timer.ts";

const ACCOUNT = "000000000000";
const PUBLISH_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:publish`;
const DLQ_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:publish-dlq`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/scheduler`;
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

let sqsServer: Server;
let sqs: SQSClient;
let sqsEndpoint: string;
let emulator: SchedulerEmulator;
let scheduler: SchedulerClient;
let queueUrls: Record<"publish" | "dlq", string>;

/** `at(...)` wants whole seconds and no zone designator. */
const atExpression = (ms: number) => `at(${new Date(ms).toISOString().slice(0, 19)})`;
const wholeSecondsFromNow = (ms: number) => Math.ceil((Date.now() + ms) / 1000) * 1000;
let nameCounter = 0;
const uniqueName = (prefix: string) => `${prefix}-${Date.now()}-${nameCounter++}`;

function scheduleInput(
  overrides: Partial<CreateScheduleCommandInput> = {},
): CreateScheduleCommandInput {
  return {
    Name: uniqueName("post"),
    ScheduleExpression: "at(2099-01-01T00:00:00)",
    FlexibleTimeWindow: { Mode: "OFF" },
    Target: { Arn: PUBLISH_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ targetId: "t1" }) },
    ...overrides,
  };
}

/** Long-polls a queue until a message whose body contains `marker` arrives, noting when. */
async function receive(
  queue: keyof typeof queueUrls,
  marker: string,
  timeoutMs = 10_000,
): Promise<{ message: Message; arrivedAt: number }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrls[queue],
        WaitTimeSeconds: 1,
        // local-aws-sqs ends a long poll early only once MaxNumberOfMessages are in hand.
        MaxNumberOfMessages: 1,
        MessageAttributeNames: ["All"],
      }),
    );
    const arrivedAt = Date.now();
    for (const message of Messages) {
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: queueUrls[queue],
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
      if (message.Body?.includes(marker)) return { message, arrivedAt };
    }
  }
  throw new Error(`no message containing ${marker} on ${queue} within ${timeoutMs} ms`);
}

async function nothingArrives(queue: keyof typeof queueUrls, marker: string, waitMs: number) {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrls[queue],
        WaitTimeSeconds: 1,
        MaxNumberOfMessages: 10,
      }),
    );
    expect(Messages.filter((m) => m.Body?.includes(marker))).toEqual([]);
  }
}

beforeAll(async () => {
  sqsServer = await createSqsServer({
    port: 0,
    hostname: "127.0.0.1",
    accountId: ACCOUNT,
    queues: [{ QueueName: "publish" }, { QueueName: "publish-dlq" }],
  });
  sqsEndpoint = `http://127.0.0.1:${(sqsServer.address() as AddressInfo).port}`;
  sqs = new SQSClient({ endpoint: sqsEndpoint, region: "us-east-1", credentials });
  queueUrls = {
    publish: `${sqsEndpoint}/${ACCOUNT}/publish`,
    dlq: `${sqsEndpoint}/${ACCOUNT}/publish-dlq`,
  };
  emulator = await startSchedulerEmulator({ sqsEndpoint, exact: true, retryDelayMs: 50 });
  scheduler = new SchedulerClient({ endpoint: emulator.url, region: "us-east-1", credentials });
});

afterAll(async () => {
  scheduler?.destroy();
  sqs?.destroy();
  await emulator?.close();
  sqsServer?.closeAllConnections();
  await new Promise((resolve) => sqsServer?.close(resolve));
});

describe("schedule API", () => {
  it("creates, gets, lists, updates and deletes a schedule in a group", async () => {
    await scheduler.send(new CreateScheduleGroupCommand({ Name: "posts" }));
    const group = await scheduler.send(new GetScheduleGroupCommand({ Name: "posts" }));
    expect(group).toMatchObject({ Name: "posts", State: "ACTIVE" });
    const groups = await scheduler.send(new ListScheduleGroupsCommand({}));
    expect(groups.ScheduleGroups?.map((g) => g.Name)).toEqual(["default", "posts"]);

    const input = scheduleInput({
      Name: "target-1-v1",
      GroupName: "posts",
      Description: "publish target 1",
      ScheduleExpressionTimezone: "Europe/Berlin",
      ActionAfterCompletion: "DELETE",
      Target: {
        Arn: PUBLISH_ARN,
        RoleArn: ROLE_ARN,
        Input: '{"targetId":"1","version":1}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
    });
    const created = await scheduler.send(new CreateScheduleCommand(input));
    expect(created.ScheduleArn).toBe(
      `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/posts/target-1-v1`,
    );

    const fetched = await scheduler.send(
      new GetScheduleCommand({ Name: "target-1-v1", GroupName: "posts" }),
    );
    expect(fetched).toMatchObject({
      Arn: created.ScheduleArn,
      Name: "target-1-v1",
      GroupName: "posts",
      Description: "publish target 1",
      ScheduleExpression: "at(2099-01-01T00:00:00)",
      ScheduleExpressionTimezone: "Europe/Berlin",
      State: "ENABLED",
      ActionAfterCompletion: "DELETE",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: input.Target,
    });
    expect(fetched.CreationDate).toBeInstanceOf(Date);

    await scheduler.send(
      new UpdateScheduleCommand({
        ...input,
        State: "DISABLED",
        Description: "moved",
        Name: "target-1-v1",
      }),
    );
    const updated = await scheduler.send(
      new GetScheduleCommand({ Name: "target-1-v1", GroupName: "posts" }),
    );
    expect(updated).toMatchObject({ State: "DISABLED", Description: "moved" });
    expect(emulator.nextInvocation("target-1-v1", "posts")).toBeUndefined();

    const listed = await scheduler.send(
      new ListSchedulesCommand({ GroupName: "posts", State: "DISABLED" }),
    );
    expect(listed.Schedules).toEqual([
      expect.objectContaining({
        Name: "target-1-v1",
        GroupName: "posts",
        Target: { Arn: PUBLISH_ARN },
      }),
    ]);

    await scheduler.send(new DeleteScheduleCommand({ Name: "target-1-v1", GroupName: "posts" }));
    await expect(
      scheduler.send(new GetScheduleCommand({ Name: "target-1-v1", GroupName: "posts" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await scheduler.send(new DeleteScheduleGroupCommand({ Name: "posts" }));
  });

  it("lists by name prefix a page at a time", async () => {
    const prefix = uniqueName("page");
    for (let i = 0; i < 5; i++) {
      await scheduler.send(new CreateScheduleCommand(scheduleInput({ Name: `${prefix}-${i}` })));
    }
    const names: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await scheduler.send(
        new ListSchedulesCommand({ NamePrefix: prefix, MaxResults: 2, NextToken }),
      );
      names.push(...(page.Schedules ?? []).map((s) => s.Name ?? ""));
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken);
    expect(pages).toBe(3);
    expect(names).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`));
  });

  it("refuses a second schedule with the same name in a group", async () => {
    const input = scheduleInput();
    await scheduler.send(new CreateScheduleCommand(input));
    await expect(scheduler.send(new CreateScheduleCommand(input))).rejects.toBeInstanceOf(
      ConflictException,
    );
  });

  it("answers ResourceNotFoundException for an unknown schedule or group", async () => {
    await expect(scheduler.send(new GetScheduleCommand({ Name: "nope" }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      scheduler.send(new DeleteScheduleCommand({ Name: "nope" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      scheduler.send(new UpdateScheduleCommand(scheduleInput({ Name: "nope" }))),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      scheduler.send(new CreateScheduleCommand(scheduleInput({ GroupName: "no-such-group" }))),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("answers ValidationException for a bad name, expression, zone, window or target", async () => {
    const bad: Partial<CreateScheduleCommandInput>[] = [
      { Name: "has spaces" },
      { Name: "x".repeat(65) },
      { ScheduleExpression: "at(2099-13-01T00:00:00)" },
      { ScheduleExpression: "at(2099-01-01T00:00:00Z)" },
      { ScheduleExpression: "tomorrow at noon" },
      { ScheduleExpression: "cron(0 9 * * * *)" },
      { ScheduleExpressionTimezone: "Mars/Olympus_Mons" },
      { FlexibleTimeWindow: { Mode: "FLEXIBLE" } },
      { Target: { Arn: "arn:aws:lambda:us-east-1:000000000000:function:f", RoleArn: ROLE_ARN } },
      { Target: { Arn: PUBLISH_ARN, RoleArn: "not-a-role" } },
    ];
    for (const overrides of bad) {
      const error = await scheduler
        .send(new CreateScheduleCommand(scheduleInput(overrides)))
        .catch((e) => e);
      expect(error, JSON.stringify(overrides)).toBeInstanceOf(ValidationException);
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it("answers a retried CreateSchedule with the same ClientToken without creating twice", async () => {
    emulator.resetStats();
    const input = scheduleInput({ ClientToken: "create-target-7-v3" });
    const first = await scheduler.send(new CreateScheduleCommand(input));
    const second = await scheduler.send(new CreateScheduleCommand(input));
    expect(second.ScheduleArn).toBe(first.ScheduleArn);
    expect(emulator.stats()).toMatchObject({ CreateSchedule: 2 });
    const listed = await scheduler.send(new ListSchedulesCommand({ NamePrefix: input.Name }));
    expect(listed.Schedules).toHaveLength(1);

    const reused = scheduler.send(
      new CreateScheduleCommand({ ...input, ScheduleExpression: "at(2098-01-01T00:00:00)" }),
    );
    await expect(reused).rejects.toBeInstanceOf(ConflictException);
  });
});

describe("firing", () => {
  it("delivers an exact at() schedule to SQS within a second of its time", async () => {
    const due = wholeSecondsFromNow(2000);
    const marker = uniqueName("exact");
    await scheduler.send(
      new CreateScheduleCommand(
        scheduleInput({
          ScheduleExpression: atExpression(due),
          Target: { Arn: PUBLISH_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ marker }) },
        }),
      ),
    );
    const { message, arrivedAt } = await receive("publish", marker);
    expect(JSON.parse(message.Body ?? "{}")).toEqual({ marker });
    expect(arrivedAt - due).toBeGreaterThanOrEqual(0);
    expect(arrivedAt - due).toBeLessThan(1000);
  });

  it("invokes anywhere in the scheduled minute by default, as AWS does", async () => {
    let randomValue = 0.5;
    const jittered = await startSchedulerEmulator({ sqsEndpoint, random: () => randomValue });
    const client = new SchedulerClient({
      endpoint: jittered.url,
      region: "us-east-1",
      credentials,
    });
    try {
      const due = wholeSecondsFromNow(600_000);
      const create = async (
        random: number,
        overrides: Partial<CreateScheduleCommandInput> = {},
      ) => {
        randomValue = random;
        const input = scheduleInput({ ScheduleExpression: atExpression(due), ...overrides });
        await client.send(new CreateScheduleCommand(input));
        return jittered.nextInvocation(input.Name ?? "")?.getTime();
      };
      expect(await create(0.5)).toBe(due + 30_000);
      expect(await create(0)).toBe(due);
      const latest = await create(0.999_999);
      expect(latest).toBeGreaterThanOrEqual(due);
      expect(latest).toBeLessThan(due + 60_000);
      expect(
        await create(0.5, { FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 10 } }),
      ).toBe(due + 300_000);
    } finally {
      client.destroy();
      await jittered.close();
    }
    expect(pickInvocationTime(1_000, { exact: true, random: () => 0.9 })).toBe(1_000);
  });

  it("evaluates at() in the schedule's time zone", async () => {
    expect(atExpressionInstant("at(2031-07-01T09:00:00)", "Europe/Berlin").toISOString()).toBe(
      "2031-07-01T07:00:00.000Z",
    );
    expect(atExpressionInstant("at(2031-01-15T09:00:00)", "Europe/Berlin").toISOString()).toBe(
      "2031-01-15T08:00:00.000Z",
    );
    expect(atExpressionInstant("at(2031-01-15T09:00:00)", "America/New_York").toISOString()).toBe(
      "2031-01-15T14:00:00.000Z",
    );
    expect(atExpressionInstant("at(2031-01-15T09:00:00)").toISOString()).toBe(
      "2031-01-15T09:00:00.000Z",
    );
    // 02:30 does not exist on 30 March 2031 in Berlin: it moves forward with the clocks.
    expect(atExpressionInstant("at(2031-03-30T02:30:00)", "Europe/Berlin").toISOString()).toBe(
      "2031-03-30T01:30:00.000Z",
    );
    // 02:30 happens twice on 26 October 2031 in Berlin: the first one counts.
    expect(atExpressionInstant("at(2031-10-26T02:30:00)", "Europe/Berlin").toISOString()).toBe(
      "2031-10-26T00:30:00.000Z",
    );

    const name = uniqueName("berlin");
    await scheduler.send(
      new CreateScheduleCommand(
        scheduleInput({
          Name: name,
          ScheduleExpression: "at(2031-07-01T09:00:00)",
          ScheduleExpressionTimezone: "Europe/Berlin",
        }),
      ),
    );
    expect(emulator.nextInvocation(name)?.toISOString()).toBe("2031-07-01T07:00:00.000Z");
  });

  it("evaluates rate() and cron() occurrences in the schedule's zone", () => {
    const window = { timeZone: "Europe/Berlin", anchorMs: Date.parse("2031-01-01T00:00:00Z") };
    const cron = parseScheduleExpression("cron(30 9 ? * MON-FRI *)");
    // Friday 28 March 2031 09:30 CET, then Monday 31 March 09:30 CEST after the clocks change.
    const friday = nextOccurrence(cron, Date.parse("2031-03-28T00:00:00Z"), window);
    expect(new Date(friday ?? 0).toISOString()).toBe("2031-03-28T08:30:00.000Z");
    const monday = nextOccurrence(cron, friday ?? 0, window);
    expect(new Date(monday ?? 0).toISOString()).toBe("2031-03-31T07:30:00.000Z");
    const lastFriday = parseScheduleExpression("cron(0 12 ? * 6L 2031)");
    expect(
      new Date(
        nextOccurrence(lastFriday, Date.parse("2031-02-01T00:00:00Z"), window) ?? 0,
      ).toISOString(),
    ).toBe("2031-02-28T11:00:00.000Z");
    const rate = parseScheduleExpression("rate(15 minutes)");
    expect(nextOccurrence(rate, window.anchorMs + 1, window)).toBe(window.anchorMs + 15 * 60_000);
    expect(
      nextOccurrence(rate, window.anchorMs + 1, { ...window, endMs: window.anchorMs + 60_000 }),
    ).toBeUndefined();
  });

  it("fires a schedule that is already due at once, and ActionAfterCompletion DELETE removes it", async () => {
    const marker = uniqueName("delete-after");
    const name = uniqueName("past");
    await scheduler.send(
      new CreateScheduleCommand(
        scheduleInput({
          Name: name,
          ScheduleExpression: atExpression(Date.now() - 60_000),
          ActionAfterCompletion: "DELETE",
          Target: { Arn: PUBLISH_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ marker }) },
        }),
      ),
    );
    await receive("publish", marker);
    const deadline = Date.now() + 5_000;
    let error: unknown;
    while (!error && Date.now() < deadline) {
      error = await scheduler.send(new GetScheduleCommand({ Name: name })).then(
        () => undefined,
        (e) => e,
      );
      if (!error) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it("keeps a fired schedule whose ActionAfterCompletion is NONE", async () => {
    const marker = uniqueName("keep-after");
    const name = uniqueName("kept");
    await scheduler.send(
      new CreateScheduleCommand(
        scheduleInput({
          Name: name,
          ScheduleExpression: atExpression(Date.now() - 1_000),
          ActionAfterCompletion: "NONE",
          Target: { Arn: PUBLISH_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ marker }) },
        }),
      ),
    );
    await receive("publish", marker);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const kept = await scheduler.send(new GetScheduleCommand({ Name: name }));
    expect(kept).toMatchObject({ Name: name, ActionAfterCompletion: "NONE" });
    expect(emulator.nextInvocation(name)).toBeUndefined();
  });

  it("moves the fire time when a schedule is updated", async () => {
    const marker = uniqueName("moved");
    const name = uniqueName("moving");
    const input = scheduleInput({
      Name: name,
      ScheduleExpression: atExpression(wholeSecondsFromNow(3_600_000)),
      Target: { Arn: PUBLISH_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ marker }) },
    });
    await scheduler.send(new CreateScheduleCommand(input));
    const movedTo = wholeSecondsFromNow(2_000);
    await scheduler.send(
      new UpdateScheduleCommand({ ...input, ScheduleExpression: atExpression(movedTo) }),
    );
    expect(emulator.nextInvocation(name)?.getTime()).toBe(movedTo);
    const { arrivedAt } = await receive("publish", marker);
    expect(arrivedAt).toBeGreaterThanOrEqual(movedTo);
    // The hour-later fire went with the old definition: nothing else is armed.
    expect(emulator.nextInvocation(name)).toBeUndefined();
  });

  it("never fires a deleted schedule", async () => {
    const marker = uniqueName("deleted");
    const name = uniqueName("cancelled");
    const due = wholeSecondsFromNow(2_000);
    await scheduler.send(
      new CreateScheduleCommand(
        scheduleInput({
          Name: name,
          ScheduleExpression: atExpression(due),
          Target: { Arn: PUBLISH_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ marker }) },
        }),
      ),
    );
    await scheduler.send(new DeleteScheduleCommand({ Name: name }));
    expect(emulator.nextInvocation(name)).toBeUndefined();
    await nothingArrives("publish", marker, due + 1_000 - Date.now());
  });

  it("never fires a disabled schedule", async () => {
    const name = uniqueName("disabled");
    await scheduler.send(
      new CreateScheduleCommand(
        scheduleInput({
          Name: name,
          State: "DISABLED",
          ScheduleExpression: atExpression(Date.now()),
        }),
      ),
    );
    expect(emulator.nextInvocation(name)).toBeUndefined();
  });

  it("sends an event its target refused to the dead-letter queue after the retries", async () => {
    emulator.resetStats();
    const marker = uniqueName("dead");
    const name = uniqueName("failing");
    await scheduler.send(
      new CreateScheduleCommand(
        scheduleInput({
          Name: name,
          ScheduleExpression: atExpression(Date.now() - 1_000),
          Target: {
            Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:no-such-queue`,
            RoleArn: ROLE_ARN,
            Input: JSON.stringify({ marker }),
            RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 60 },
            DeadLetterConfig: { Arn: DLQ_ARN },
          },
        }),
      ),
    );
    const { message } = await receive("dlq", marker);
    const attribute = (key: string) => message.MessageAttributes?.[key]?.StringValue;
    expect(JSON.parse(message.Body ?? "{}")).toEqual({ marker });
    expect(attribute("EXHAUSTED_RETRY_CONDITION")).toBe("MaximumRetryAttempts");
    expect(attribute("RETRY_ATTEMPTS")).toBe("1");
    expect(attribute("SCHEDULE_ARN")).toBe(
      `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/${name}`,
    );
    expect(attribute("TARGET_ARN")).toBe(`arn:aws:sqs:us-east-1:${ACCOUNT}:no-such-queue`);
    expect(attribute("ERROR_CODE")).toBeTruthy();
    expect(emulator.stats()).toMatchObject({
      invocations: 1,
      failedAttempts: 2,
      retries: 1,
      deadLetters: 1,
    });
  });

  it("starts a rate() schedule without StartDate at once", async () => {
    const marker = uniqueName("rate");
    const name = uniqueName("every-minute");
    await scheduler.send(
      new CreateScheduleCommand(
        scheduleInput({
          Name: name,
          ScheduleExpression: "rate(1 minute)",
          Target: { Arn: PUBLISH_ARN, RoleArn: ROLE_ARN, Input: JSON.stringify({ marker }) },
        }),
      ),
    );
    await receive("publish", marker);
    const next = emulator.nextInvocation(name)?.getTime() ?? 0;
    expect(next - Date.now()).toBeGreaterThan(50_000);
    await scheduler.send(new DeleteScheduleCommand({ Name: name }));
  });
});

describe("timer queue", () => {
  it("runs thousands of pending fires in time order behind one timer, skipping cancelled ones", async () => {
    const timers = new TimerQueue();
    const ran: number[] = [];
    const start = Date.now();
    const entries = Array.from({ length: 5_000 }, (_, i) => {
      const due = start + 20 + ((i * 7919) % 200);
      return { due, entry: timers.add(due, () => ran.push(due)) };
    });
    for (const { entry } of entries.filter((_, i) => i % 2 === 0)) timers.cancel(entry);
    expect(timers.size).toBe(2_500);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(ran).toHaveLength(2_500);
    expect(ran).toEqual([...ran].sort((a, b) => a - b));
    timers.close();
  });
});
