import { randomUUID } from "node:crypto";
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { TargetDefinition } from "./definition.ts";
import { sqsQueueName } from "./definition.ts";
import type { TimerQueue } from "./timer.ts";

/** One firing of a schedule on its way to the target, retried under the target's RetryPolicy. */
export interface Invocation {
  scheduleArn: string;
  target: TargetDefinition;
  /** The occurrence's nominal time: SCHEDULED_TIME on a dead-letter event. */
  scheduledMs: number;
  executionId: string;
}

export type DeliveryOutcome = "delivered" | "dead-lettered" | "dropped";

export interface DeliveryOptions {
  sqsEndpoint: string;
  timers: TimerQueue;
  random: () => number;
  /** First retry delay; each further retry doubles it, with jitter, up to a minute. */
  retryDelayMs: number;
  count: (counter: string) => void;
  log: (line: string) => void;
}

const MAX_RETRY_DELAY_MS = 60_000;
/** Enough parallel SendMessage calls to drain a burst quickly without flooding the local SQS. */
const MAX_CONCURRENT_SENDS = 32;

/** Delivers invocations to SQS targets the way EventBridge Scheduler does: retries, then DLQ. */
export class SqsDelivery {
  private readonly sqs: SQSClient;
  private readonly queueUrls = new Map<string, Promise<string>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: DeliveryOptions) {
    this.sqs = new SQSClient({
      endpoint: options.sqsEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      // The schedule's RetryPolicy decides about retries, not the SDK.
      maxAttempts: 1,
    });
  }

  deliver(invocation: Invocation): Promise<DeliveryOutcome> {
    return new Promise((resolve) => this.attempt(invocation, Date.now(), 0, resolve));
  }

  close(): void {
    this.closed = true;
    this.sqs.destroy();
  }

  private attempt(
    invocation: Invocation,
    firstAttemptMs: number,
    retriesSoFar: number,
    done: (outcome: DeliveryOutcome) => void,
  ): void {
    const { target } = invocation;
    this.limited(() =>
      this.send(target.Arn, target.Input ?? "{}", target.SqsParameters?.MessageGroupId),
    ).then(
      () => {
        this.options.count("deliveries");
        done("delivered");
      },
      (error: unknown) => this.failed(invocation, error, firstAttemptMs, retriesSoFar, done),
    );
  }

  private failed(
    invocation: Invocation,
    error: unknown,
    firstAttemptMs: number,
    retriesSoFar: number,
    done: (outcome: DeliveryOutcome) => void,
  ): void {
    const { count, log, random, retryDelayMs, timers } = this.options;
    count("failedAttempts");
    if (this.closed) {
      done("dropped");
      return;
    }
    const { MaximumRetryAttempts, MaximumEventAgeInSeconds } = invocation.target.RetryPolicy;
    const ceiling = Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2 ** retriesSoFar);
    const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
    let exhausted: string | undefined;
    if (retriesSoFar >= MaximumRetryAttempts) exhausted = "MaximumRetryAttempts";
    else if (Date.now() + delay - firstAttemptMs > MaximumEventAgeInSeconds * 1000) {
      exhausted = "MaximumEventAgeInSeconds";
    }
    if (!exhausted) {
      count("retries");
      timers.add(Date.now() + delay, () =>
        this.attempt(invocation, firstAttemptMs, retriesSoFar + 1, done),
      );
      return;
    }
    const { code, message } = describe(error);
    log(
      `scheduler: ${invocation.scheduleArn} failed to reach ${invocation.target.Arn} after ${retriesSoFar} retries (${code}: ${message})`,
    );
    const dlqArn = invocation.target.DeadLetterConfig?.Arn;
    if (!dlqArn) {
      count("droppedInvocations");
      done("dropped");
      return;
    }
    const attributes: Record<string, string> = {
      ERROR_CODE: code,
      ERROR_MESSAGE: message,
      EXECUTION_ID: invocation.executionId,
      EXHAUSTED_RETRY_CONDITION: exhausted,
      IS_PAYLOAD_TRUNCATED: "false",
      RETRY_ATTEMPTS: String(retriesSoFar),
      SCHEDULED_TIME: new Date(invocation.scheduledMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
      SCHEDULE_ARN: invocation.scheduleArn,
      TARGET_ARN: invocation.target.Arn,
    };
    this.limited(() =>
      this.send(dlqArn, invocation.target.Input ?? "{}", undefined, attributes),
    ).then(
      () => {
        count("deadLetters");
        done("dead-lettered");
      },
      (dlqError: unknown) => {
        log(
          `scheduler: dead-letter queue ${dlqArn} refused the event (${describe(dlqError).message})`,
        );
        count("droppedInvocations");
        done("dropped");
      },
    );
  }

  private async send(
    queueArn: string,
    body: string,
    messageGroupId?: string,
    attributes?: Record<string, string>,
  ): Promise<void> {
    const queueName = sqsQueueName(queueArn) ?? queueArn;
    const queueUrl = await this.queueUrl(queueName);
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          MessageGroupId: messageGroupId,
          MessageAttributes: attributes
            ? Object.fromEntries(
                Object.entries(attributes).map(([name, value]) => [
                  name,
                  { DataType: "String", StringValue: value },
                ]),
              )
            : undefined,
        }),
      );
    } catch (error) {
      // A queue deleted and recreated gets a fresh lookup next time.
      this.queueUrls.delete(queueName);
      throw error;
    }
  }

  private queueUrl(queueName: string): Promise<string> {
    let url = this.queueUrls.get(queueName);
    if (!url) {
      url = this.sqs.send(new GetQueueUrlCommand({ QueueName: queueName })).then((output) => {
        if (!output.QueueUrl) throw new TypeError(`GetQueueUrl returned no URL for ${queueName}`);
        return output.QueueUrl;
      });
      url.catch(() => this.queueUrls.delete(queueName));
      this.queueUrls.set(queueName, url);
    }
    return url;
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= MAX_CONCURRENT_SENDS) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof Error) return { code: error.name, message: error.message };
  return { code: "Error", message: String(error) };
}

export const newExecutionId = () => randomUUID();
