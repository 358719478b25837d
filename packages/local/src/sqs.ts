import type { Server } from "node:http";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { publishDelivery } from "@cadence/core/publish/delivery";
import { createSqsServer } from "local-aws-sqs";
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

const jobDlqAttributes = { MessageRetentionPeriod: "1209600" };

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

/**
 * Another publish queue and DLQ on a running local SQS, with the stack's attributes. A test
 * file that consumes publish messages uses its own pair, so concurrent files never take (or
 * crash on) each other's messages.
 */
export async function createPublishQueues(
  endpoint: string,
  suffix: string,
): Promise<PublishQueuePair> {
  const client = new SQSClient({ endpoint, region, credentials: localCredentials });
  try {
    const dlqName = `${names.publishDlq}-${suffix}`;
    const queueName = `${names.publishQueue}-${suffix}`;
    const dlq = await client.send(
      new CreateQueueCommand({ QueueName: dlqName, Attributes: publishDlqAttributes }),
    );
    const queue = await client.send(
      new CreateQueueCommand({ QueueName: queueName, Attributes: publishQueueAttributes(dlqName) }),
    );
    return { queueName, queueUrl: queue.QueueUrl ?? "", dlqName, dlqUrl: dlq.QueueUrl ?? "" };
  } finally {
    client.destroy();
  }
}

/**
 * Another jobs queue and DLQ on a running local SQS, with the stack's attributes: a test file's
 * jobs worker then runs only that file's jobs, and stopping it never waits on another file's.
 */
export async function createJobQueue(endpoint: string, suffix: string): Promise<string> {
  const client = new SQSClient({ endpoint, region, credentials: localCredentials });
  try {
    const dlqName = `${names.jobDlq}-${suffix}`;
    await client.send(new CreateQueueCommand({ QueueName: dlqName, Attributes: jobDlqAttributes }));
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: `${names.jobQueue}-${suffix}`,
        Attributes: jobQueueAttributes(dlqName),
      }),
    );
    return queue.QueueUrl ?? "";
  } finally {
    client.destroy();
  }
}
