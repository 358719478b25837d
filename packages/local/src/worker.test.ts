import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { queueArn } from "./resources.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

const endpoint = () => process.env.AWS_ENDPOINT_URL_SQS ?? "";
const sqs = () => new SQSClient({});
let worker: RunningWorker | undefined;

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

/**
 * A fresh queue with a DLQ, a 1 s visibility timeout and redrive after `maxReceiveCount`. The
 * timeout is shorter than infra's batching window, so tests that do not test the window
 * gather without one.
 */
async function queuePair(maxReceiveCount: number) {
  const name = `worker-test-${crypto.randomUUID().slice(0, 8)}`;
  const client = sqs();
  const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: "1",
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: queueArn(`${name}-dlq`),
          maxReceiveCount,
        }),
      },
    }),
  );
  return { name, queueUrl: queue.QueueUrl ?? "", dlqUrl: dlq.QueueUrl ?? "", client };
}

async function send(client: SQSClient, queueUrl: string, bodies: string[]) {
  await client.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
    }),
  );
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function visibleCount(client: SQSClient, queueUrl: string): Promise<number> {
  const attributes = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

describe("the local SQS event source mapping", () => {
  it("hands real SQSEvent batches to the handler and deletes what succeeded", async () => {
    const { name, queueUrl, client } = await queuePair(3);
    const events: SQSEvent[] = [];
    worker = startWorker({
      endpoint: endpoint(),
      queueUrl,
      queueArn: queueArn(name),
      batchSize: 10,
      concurrency: 1,
      waitTimeSeconds: 1,
      batchWindowSeconds: 0,
      handler: async (event) => {
        events.push(event);
        return { batchItemFailures: [] };
      },
    });
    await send(client, queueUrl, ["one", "two", "three"]);
    await until(() => events.flatMap((e) => e.Records).length === 3);

    const record = events[0]?.Records[0];
    expect(record?.eventSource).toBe("aws:sqs");
    expect(record?.eventSourceARN).toBe(queueArn(name));
    expect(record?.attributes.ApproximateReceiveCount).toBe("1");
    expect(events.flatMap((e) => e.Records.map((r) => r.body)).sort()).toEqual([
      "one",
      "three",
      "two",
    ]);
    for (const event of events) expect(event.Records.length).toBeLessThanOrEqual(10);
    await until(async () => (await visibleCount(client, queueUrl)) === 0);
  });

  it("gathers messages sent a moment apart into one batch within the batching window", async () => {
    const { name, queueUrl, client } = await queuePair(3);
    const events: SQSEvent[] = [];
    worker = startWorker({
      endpoint: endpoint(),
      queueUrl,
      queueArn: queueArn(name),
      batchSize: 3,
      batchWindowSeconds: 3,
      concurrency: 1,
      handler: async (event) => {
        events.push(event);
        return { batchItemFailures: [] };
      },
    });
    await send(client, queueUrl, ["first"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await send(client, queueUrl, ["second", "third"]);
    await until(() => events.flatMap((e) => e.Records).length === 3);
    expect(events).toHaveLength(1);
  });

  it("redelivers only the records named in batchItemFailures, then moves them to the DLQ", async () => {
    const { name, queueUrl, dlqUrl, client } = await queuePair(2);
    const seen: Record<string, number> = {};
    const counts: string[] = [];
    worker = startWorker({
      endpoint: endpoint(),
      queueUrl,
      queueArn: queueArn(name),
      concurrency: 1,
      waitTimeSeconds: 1,
      batchWindowSeconds: 0,
      handler: async (event) => {
        for (const r of event.Records) {
          seen[r.body] = (seen[r.body] ?? 0) + 1;
          if (r.body === "poison") counts.push(r.attributes.ApproximateReceiveCount);
        }
        return {
          batchItemFailures: event.Records.filter((r) => r.body === "poison").map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
    });
    await send(client, queueUrl, ["fine", "poison"]);

    const inDlq = async () => {
      const received = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          WaitTimeSeconds: 1,
          MaxNumberOfMessages: 10,
        }),
      );
      return (received.Messages ?? []).map((m) => m.Body);
    };
    let dead: (string | undefined)[] = [];
    await until(async () => {
      dead = await inDlq();
      return dead.length > 0;
    }, 20_000);
    expect(dead).toEqual(["poison"]);
    expect(seen.fine).toBe(1);
    expect(seen.poison).toBe(2);
    // The queue's own count, as Lambda passes it on: the consumer can tell the last try.
    expect(counts).toEqual(["1", "2"]);
  });

  it("returns the whole batch to the queue when the handler throws", async () => {
    const { name, queueUrl, client } = await queuePair(5);
    let calls = 0;
    const delivered: string[] = [];
    worker = startWorker({
      endpoint: endpoint(),
      queueUrl,
      queueArn: queueArn(name),
      concurrency: 1,
      waitTimeSeconds: 1,
      batchWindowSeconds: 0,
      handler: async (event) => {
        calls += 1;
        if (calls === 1) throw new Error("crashed mid-batch");
        delivered.push(...event.Records.map((r) => r.body));
        return { batchItemFailures: [] };
      },
    });
    await send(client, queueUrl, ["a", "b"]);
    await until(() => delivered.length === 2);
    expect(delivered.sort()).toEqual(["a", "b"]);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it("a long poll answers as soon as posts are due and gathers them into one batch", async () => {
    const { name, queueUrl, client } = await queuePair(3);
    const batches: string[][] = [];
    worker = startWorker({
      endpoint: endpoint(),
      queueUrl,
      queueArn: queueArn(name),
      concurrency: 1,
      batchSize: 10,
      batchWindowSeconds: 1,
      // Longer than the wait below: delivery must not depend on the poll running out.
      waitTimeSeconds: 10,
      handler: async (event) => {
        batches.push(event.Records.map((r) => r.body));
        return { batchItemFailures: [] };
      },
    });
    // The poller is idle in its long poll when the posts come due.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await send(client, queueUrl, ["a", "b", "c"]);
    await until(() => batches.flat().length === 3, 5_000);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.sort()).toEqual(["a", "b", "c"]);
    await until(async () => (await visibleCount(client, queueUrl)) === 0);
  });

  it("batches received before stop are still handled, so none waits out its visibility", async () => {
    const { name, queueUrl, client } = await queuePair(3);
    const handled: string[] = [];
    const running = startWorker({
      endpoint: endpoint(),
      queueUrl,
      queueArn: queueArn(name),
      concurrency: 2,
      waitTimeSeconds: 2,
      batchWindowSeconds: 0,
      handler: async (event) => {
        handled.push(...event.Records.map((r) => r.body));
        return { batchItemFailures: [] };
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await send(client, queueUrl, ["late"]);
    await running.stop();
    // Either a poll open at stop took it and handled it, or it is still visible in the queue.
    const left = await visibleCount(client, queueUrl);
    expect(handled.length + left).toBe(1);
    if (left === 1) {
      const again = await client.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
      );
      expect(again.Messages?.map((m) => m.Body)).toEqual(["late"]);
    }
  });
});
