import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { publishConsumerSettings } from "../../../infra/settings.ts";
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
  /** Lambda's batch size for the mapping (infra/settings.ts by default). */
  batchSize?: number;
  /**
   * Lambda's batching window: how long to keep gathering a batch that is not full yet. The dev
   * stack uses infra's (publishMapping); by default 0 hands over whatever one receive returned,
   * which tests of exact timing and short visibility timeouts rely on.
   */
  batchWindowMs?: number;
  /** Concurrent pollers: Lambda starts with several and scales with the backlog. */
  concurrency?: number;
  /** Pause after an empty receive, in ms (see pollOnce). */
  idleMs?: number;
  functionName?: string;
  log?: (line: string) => void;
}

export interface RunningWorker {
  /** Batches handed to the handler so far. */
  invocations(): number;
  stop(): Promise<void>;
}

/** The publish consumer's event source mapping as infra/publish.ts deploys it. */
export const publishMapping = {
  batchSize: publishConsumerSettings.batchSize,
  batchWindowMs: publishConsumerSettings.batchWindowSeconds * 1000,
} as const;

/**
 * Plays Lambda's SQS event source mapping: long-polls the queue, hands real `SQSEvent` batches
 * to the handler, deletes what succeeded, and leaves failed records (all of them when the
 * handler throws, those in `batchItemFailures` otherwise) to reappear after the visibility
 * timeout, so the queue's own maxReceiveCount moves poison messages to the DLQ.
 */
export function startWorker(options: WorkerOptions): RunningWorker {
  const client = new SQSClient({
    endpoint: options.endpoint,
    region,
    credentials: localCredentials,
  });
  const batchSize = options.batchSize ?? publishConsumerSettings.batchSize;
  const batchWindowMs = options.batchWindowMs ?? 0;
  const concurrency = options.concurrency ?? 2;
  const functionName = options.functionName ?? "publish";
  let running = true;
  let invocations = 0;
  const abort = new AbortController();

  /**
   * Short polls with a short pause when the queue is empty. Lambda long-polls, but the local
   * SQS holds a long poll open until a full batch is there while the messages' visibility
   * timeout already runs, which would redeliver them; short polls keep delivery prompt and exact.
   */
  async function receive(max: number): Promise<Message[]> {
    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
      { abortSignal: abort.signal },
    );
    return received.Messages ?? [];
  }

  async function pollOnce(): Promise<void> {
    const pause = () => new Promise((resolve) => setTimeout(resolve, options.idleMs ?? 50));
    const messages = await receive(batchSize);
    if (messages.length === 0) {
      await pause();
      return;
    }
    // The batching window: a batch that is not full waits a little for more, as Lambda does.
    const windowEnds = Date.now() + batchWindowMs;
    while (running && messages.length < batchSize && Date.now() < windowEnds) {
      await pause();
      messages.push(...(await receive(batchSize - messages.length)));
    }

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
        await pollOnce();
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
      abort.abort();
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
