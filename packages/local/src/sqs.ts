import type { Server } from "node:http";
import { createSqsServer } from "local-aws-sqs";
import { HOST } from "./net.ts";
import {
  accountId,
  jobMaxReceiveCount,
  jobVisibilityTimeoutSeconds,
  names,
  publishMaxReceiveCount,
  publishVisibilityTimeoutSeconds,
  queueArn,
  region,
} from "./resources.ts";

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
    queues: [
      { QueueName: names.publishDlq, Attributes: { MessageRetentionPeriod: 1_209_600 } },
      {
        QueueName: names.publishQueue,
        Attributes: {
          VisibilityTimeout: publishVisibilityTimeoutSeconds,
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: queueArn(names.publishDlq),
            maxReceiveCount: publishMaxReceiveCount,
          }),
        },
      },
      { QueueName: names.jobDlq, Attributes: { MessageRetentionPeriod: 1_209_600 } },
      {
        QueueName: names.jobQueue,
        Attributes: {
          VisibilityTimeout: jobVisibilityTimeoutSeconds,
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: queueArn(names.jobDlq),
            maxReceiveCount: jobMaxReceiveCount,
          }),
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
