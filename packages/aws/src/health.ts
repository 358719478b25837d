import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { GetScheduleGroupCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Resource } from "sst";
import { s3 } from "./blobs.ts";
import { clientOf } from "./clients.ts";

const dynamo = () => clientOf(DynamoDBClient);
const kms = () => clientOf(KMSClient);
const scheduler = () => clientOf(SchedulerClient);
const sqs = () => clientOf(SQSClient);

export interface DependencyHealth {
  status: "up" | "down";
  latencyMs: number;
  /** Why it is down, in words; never a credential or a stack trace. */
  reason?: string;
}

export interface HealthClients {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  s3: S3Client;
  scheduler: SchedulerClient;
  kms: KMSClient;
}

const probes: Record<
  keyof HealthClients,
  (clients: HealthClients, signal: AbortSignal) => Promise<unknown>
> = {
  dynamodb: ({ dynamodb }, abortSignal) =>
    dynamodb.send(new DescribeTableCommand({ TableName: Resource.Table.name }), { abortSignal }),
  sqs: ({ sqs }, abortSignal) =>
    sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: Resource.PublishQueue.url,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
      { abortSignal },
    ),
  s3: ({ s3 }, abortSignal) =>
    s3.send(new HeadBucketCommand({ Bucket: Resource.Media.name }), { abortSignal }),
  scheduler: ({ scheduler }, abortSignal) =>
    scheduler.send(new GetScheduleGroupCommand({ Name: Resource.PublishSchedules.group }), {
      abortSignal,
    }),
  kms: ({ kms }, abortSignal) =>
    kms.send(new DescribeKeyCommand({ KeyId: Resource.TokenKey.arn }), { abortSignal }),
};

/** Probes every AWS dependency in parallel with a short timeout each. */
export async function checkDependencies(
  clients: Partial<HealthClients> = {},
  timeoutMs = 2_000,
): Promise<Record<string, DependencyHealth>> {
  const all: HealthClients = {
    dynamodb: clients.dynamodb ?? dynamo(),
    sqs: clients.sqs ?? sqs(),
    s3: clients.s3 ?? s3(),
    scheduler: clients.scheduler ?? scheduler(),
    kms: clients.kms ?? kms(),
  };
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const started = performance.now();
      try {
        await probe(all, AbortSignal.timeout(timeoutMs));
        return [name, { status: "up", latencyMs: elapsed(started) }] as const;
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : "unreachable";
        return [name, { status: "down", latencyMs: elapsed(started), reason }] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
