import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { publishDelivery } from "@cadence/core/publish/delivery";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { localCredentials, region } from "./resources.ts";

export type SqsHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined>;

export interface WorkerOptions {
  endpoint: string;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  /** Records per invocation; infra's value (packages/core/src/publish/delivery.ts) by default. */
  batchSize?: number;
  /** How long to gather records after the first before invoking; infra's value by default. */
  batchWindowSeconds?: number;
  /**
   * Batches in flight at once, each with its own poller. Lambda's standard mode starts with
   * five and adds pollers as the backlog grows; locally the number is fixed.
   */
  concurrency?: number;
  /**
   * Long-poll wait while the queue is empty (SQS allows up to 20, which Lambda uses). `stop()`
   * waits for open polls to return, so tests pass a short one.
   */
  waitTimeSeconds?: number;
  functionName?: string;
  log?: (line: string) => void;
}

export interface RunningWorker {
  /** Batches handed to the handler so far. */
  invocations(): number;
  /** Stops polling; batches already received are still handled and deleted. */
  stop(): Promise<void>;
}

/**
 * Plays Lambda's SQS event source mapping: long-polls the queue, gathers up to a batch within
 * the batching window, hands real `SQSEvent` batches to the handler, deletes what succeeded,
 * and leaves failed records (all of them when the handler throws, those in
 * `batchItemFailures` otherwise) to reappear after the visibility timeout, so the queue's own
 * maxReceiveCount moves poison messages to the DLQ.
 *
 * local-aws-sqs answers a long poll only when it has MaxNumberOfMessages messages or the wait
 * is over, and the messages it collected meanwhile are already invisible; asked for a batch of
 * ten with a 20 s wait, three due posts would sit for 20 s. So each poller long-polls for one
 * message (answered the moment one is there, as SQS does), then asks once for the rest of the
 * batch with the batching window as the wait: the emulator's hold-until-full becomes exactly
 * the mapping's gather-until-full-or-window. An idle poller makes one request per wait, not a
 * stream of short polls.
 */
export function startWorker(options: WorkerOptions): RunningWorker {
  const client = new SQSClient({
    endpoint: options.endpoint,
    region,
    credentials: localCredentials,
  });
  const batchSize = options.batchSize ?? publishDelivery.batchSize;
  const windowSeconds = options.batchWindowSeconds ?? publishDelivery.batchWindowSeconds;
  const concurrency = options.concurrency ?? 5;
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const functionName = options.functionName ?? "publish";
  let running = true;
  let invocations = 0;

  async function receive(max: number, waitSeconds: number): Promise<Message[]> {
    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        // local-aws-sqs reads only the older AttributeNames; SQS accepts both.
        AttributeNames: ["All"],
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    return received.Messages ?? [];
  }

  async function gatherBatch(): Promise<Message[]> {
    const first = await receive(1, waitTimeSeconds);
    if (first.length === 0 || batchSize === 1) return first;
    const rest = await receive(batchSize - 1, Math.ceil(windowSeconds));
    // A visibility timeout shorter than the window (test queues) lets the emulator hand a
    // message out twice within one poll; a batch holds it once, with its newest receipt.
    const byId = new Map([...first, ...rest].map((m) => [m.MessageId, m]));
    return [...byId.values()];
  }

  async function invoke(messages: Message[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options.queueArn)) };
    invocations += 1;
    let failedIds: Set<string>;
    try {
      const response = await options.handler(event, lambdaContext(functionName));
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      options.log?.(`handler threw, the whole batch returns to the queue: ${String(error)}`);
      failedIds = new Set(messages.map((m) => m.MessageId ?? ""));
    }
    const done = messages.filter((m) => !failedIds.has(m.MessageId ?? ""));
    if (done.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((m, index) => ({
            Id: String(index),
            ReceiptHandle: m.ReceiptHandle ?? "",
          })),
        }),
      );
    }
  }

  async function loop(): Promise<void> {
    while (running) {
      try {
        const messages = await gatherBatch();
        // Received before a stop: handled all the same, so nothing waits out its visibility.
        if (messages.length > 0) await invoke(messages);
      } catch (error) {
        if (!running) return;
        options.log?.(`poll failed: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  const loops = Array.from({ length: concurrency }, () => loop());
  return {
    invocations: () => invocations,
    stop: async () => {
      running = false;
      await Promise.allSettled(loops);
      client.destroy();
    },
  };
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp:
        attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? "String",
          stringValue: value.StringValue,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
