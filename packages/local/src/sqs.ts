import type { Server } from "node:http";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { publishDelivery } from "@cadence/core/publish/delivery";
import { createSqsServer } from "local-aws-sqs";
import { eventDelivery } from "../../../infra/settings.ts";
import { HOST } from "./net.ts";
import {
  accountId,
  jobMaxReceiveCount,
  jobVisibilityTimeoutSeconds,
  localCredentials,
  names,
  queueArn,
  region,
} from "./resources.ts";

/** The DLQ's attributes, as infra/queue.ts deploys them (packages/core/src/publish/delivery.ts). */
const publishDlqAttributes = {
  MessageRetentionPeriod: String(publishDelivery.dlqRetentionSeconds),
};

/** The publish queue's attributes, redriving to `dlqName`, as infra/queue.ts deploys them. */
export function publishQueueAttributes(dlqName: string): Record<string, string> {
  return {
    VisibilityTimeout: String(publishDelivery.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: queueArn(dlqName),
      maxReceiveCount: publishDelivery.maxReceiveCount,
    }),
  };
}

/** The events queue's attributes, redriving to `dlqName`, as infra/events.ts deploys them. */
export function eventQueueAttributes(dlqName: string): Record<string, string> {
  return {
    VisibilityTimeout: String(eventDelivery.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: queueArn(dlqName),
      maxReceiveCount: eventDelivery.maxReceiveCount,
    }),
  };
}

/** The jobs queue's attributes, redriving to `dlqName`, as infra/jobs.ts deploys them. */
function jobQueueAttributes(dlqName: string): Record<string, string> {
  return {
    VisibilityTimeout: String(jobVisibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: queueArn(dlqName),
      maxReceiveCount: jobMaxReceiveCount,
    }),
  };
}

export interface RunningSqs {
  endpoint: string;
  /** Requests per operation (from X-Amz-Target), for cost benchmarks. */
  stats(): Record<string, number>;
  resetStats(): void;
  publishQueueUrl: string;
  publishDlqUrl: string;
  jobQueueUrl: string;
  eventQueueUrl: string;
  close(): Promise<void>;
}

/** Starts `local-aws-sqs` with the publish and jobs queues and their DLQs, as infra/ declares. */
export async function startSqs(port: number): Promise<RunningSqs> {
  const server: Server = await createSqsServer({
    port,
    hostname: HOST,
    region,
    accountId,
    emulateQueueCreationLifecycle: false,
    // The server's own queue list takes numbers where the wire protocol takes strings.
    queues: [
      {
        QueueName: names.publishDlq,
        Attributes: { MessageRetentionPeriod: publishDelivery.dlqRetentionSeconds },
      },
      {
        QueueName: names.publishQueue,
        Attributes: {
          ...publishQueueAttributes(names.publishDlq),
          VisibilityTimeout: publishDelivery.visibilityTimeoutSeconds,
        },
      },
      { QueueName: names.jobDlq, Attributes: { MessageRetentionPeriod: 1_209_600 } },
      {
        QueueName: names.jobQueue,
        Attributes: {
          ...jobQueueAttributes(names.jobDlq),
          VisibilityTimeout: jobVisibilityTimeoutSeconds,
        },
      },
      {
        QueueName: names.eventDlq,
        Attributes: { MessageRetentionPeriod: eventDelivery.dlqRetentionSeconds },
      },
      {
        QueueName: names.eventQueue,
        Attributes: {
          ...eventQueueAttributes(names.eventDlq),
          VisibilityTimeout: eventDelivery.visibilityTimeoutSeconds,
        },
      },
    ],
  });
  const counts = new Map<string, number>();
  server.prependListener("request", (request) => {
    const target = String(request.headers["x-amz-target"] ?? "");
    const operation = target.split(".").at(-1) || "other";
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
  });
  const endpoint = `http://${HOST}:${port}`;
  return {
    endpoint,
    stats: () => Object.fromEntries(counts),
    resetStats: () => counts.clear(),
    publishQueueUrl: `${endpoint}/${accountId}/${names.publishQueue}`,
    publishDlqUrl: `${endpoint}/${accountId}/${names.publishDlq}`,
    jobQueueUrl: `${endpoint}/${accountId}/${names.jobQueue}`,
    eventQueueUrl: `${endpoint}/${accountId}/${names.eventQueue}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export interface PublishQueuePair {
  queueName: string;
  queueUrl: string;
  dlqName: string;
  dlqUrl: string;
}

/** A queue and its DLQ made on a running local SQS under a suffix, with the stack's attributes. */
async function createQueuePair(
  endpoint: string,
  base: { queue: string; dlq: string },
  suffix: string,
  attributes: { queue: (dlqName: string) => Record<string, string>; dlq: Record<string, string> },
): Promise<PublishQueuePair> {
  const client = new SQSClient({ endpoint, region, credentials: localCredentials });
  try {
    const dlqName = `${base.dlq}-${suffix}`;
    const queueName = `${base.queue}-${suffix}`;
    const dlq = await client.send(
      new CreateQueueCommand({ QueueName: dlqName, Attributes: attributes.dlq }),
    );
    const queue = await client.send(
      new CreateQueueCommand({ QueueName: queueName, Attributes: attributes.queue(dlqName) }),
    );
    return { queueName, queueUrl: queue.QueueUrl ?? "", dlqName, dlqUrl: dlq.QueueUrl ?? "" };
  } finally {
    client.destroy();
  }
}

/**
 * Another publish queue and DLQ on a running local SQS, with the stack's attributes. A test
 * file that consumes publish messages uses its own pair, so concurrent files never take (or
 * crash on) each other's messages.
 */
export function createPublishQueues(endpoint: string, suffix: string): Promise<PublishQueuePair> {
  return createQueuePair(endpoint, { queue: names.publishQueue, dlq: names.publishDlq }, suffix, {
    queue: publishQueueAttributes,
    dlq: publishDlqAttributes,
  });
}

/** The same for the events queue: a file's fan-outs and webhook attempts stay its own. */
export function createEventQueues(endpoint: string, suffix: string): Promise<PublishQueuePair> {
  return createQueuePair(endpoint, { queue: names.eventQueue, dlq: names.eventDlq }, suffix, {
    queue: eventQueueAttributes,
    dlq: { MessageRetentionPeriod: String(eventDelivery.dlqRetentionSeconds) },
  });
}

/**
 * The same for the jobs queue: a test file's jobs worker runs only that file's jobs, and stopping
 * it never waits on another file's.
 */
export function createJobQueues(endpoint: string, suffix: string): Promise<PublishQueuePair> {
  return createQueuePair(endpoint, { queue: names.jobQueue, dlq: names.jobDlq }, suffix, {
    queue: jobQueueAttributes,
    dlq: { MessageRetentionPeriod: "1209600" },
  });
}
