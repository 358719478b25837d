import { randomUUID } from "node:crypto";
import { createTable } from "@cadence/local/dynamo";
import { queueArn } from "@cadence/local/resources";
import { createBucket } from "@cadence/local/s3";
import { createEventQueues, createJobQueues, createPublishQueues } from "@cadence/local/sqs";
import { inject } from "vitest";

// Runs before each test file: the same variables SST sets in Lambda, pointing at the stand-ins.
Object.assign(process.env, inject("stackEnv") ?? {}, {
  POWERTOOLS_LOG_LEVEL: "WARN",
  // Metrics lines (CloudWatch EMF) mean nothing outside Lambda; they would flood the output.
  POWERTOOLS_METRICS_DISABLED: "true",
  // Retries back off from a third of a second instead of half a minute.
  CADENCE_RETRY_BASE_MS: "300",
});

// Test files run at the same time on one stack. Each gets a table, a media bucket, and publish,
// jobs and events queues and their DLQs of its own (same keys, indexes and attributes as the
// stack's), so its items, objects, schedules, workers, fan-outs and dead letters never meet
// another file's: a sweep in one file (which reads the whole check index) cannot settle another
// file's targets, a worker cannot take, crash on or park another file's messages, and an outbox
// listing walks only its own file's mail.
// Set before anything reads `Resource`, which reads the environment once.
if (process.env.AWS_ENDPOINT_URL_SQS) {
  const suffix = randomUUID().slice(0, 8);
  const table = `cadence-test-${suffix}`;
  const bucket = `cadence-media-${suffix}`;
  if (process.env.AWS_ENDPOINT_URL_DYNAMODB)
    await createTable(process.env.AWS_ENDPOINT_URL_DYNAMODB, table);
  if (process.env.AWS_ENDPOINT_URL_S3) await createBucket(process.env.AWS_ENDPOINT_URL_S3, bucket);
  const own = await createPublishQueues(process.env.AWS_ENDPOINT_URL_SQS, suffix);
  const jobs = await createJobQueues(process.env.AWS_ENDPOINT_URL_SQS, suffix);
  const events = await createEventQueues(process.env.AWS_ENDPOINT_URL_SQS, suffix);
  const schedules = JSON.parse(process.env.SST_RESOURCE_PublishSchedules ?? "{}");
  Object.assign(process.env, {
    SST_RESOURCE_Table: JSON.stringify({ name: table, type: "sst.aws.Dynamo" }),
    SST_RESOURCE_Media: JSON.stringify({ name: bucket, type: "sst.aws.Bucket" }),
    SST_RESOURCE_PublishQueue: JSON.stringify({ url: own.queueUrl, type: "sst.aws.Queue" }),
    SST_RESOURCE_PublishDlq: JSON.stringify({ url: own.dlqUrl, type: "sst.aws.Queue" }),
    SST_RESOURCE_JobQueue: JSON.stringify({ url: jobs.queueUrl, type: "sst.aws.Queue" }),
    SST_RESOURCE_EventQueue: JSON.stringify({ url: events.queueUrl, type: "sst.aws.Queue" }),
    SST_RESOURCE_PublishSchedules: JSON.stringify({
      ...schedules,
      queueArn: queueArn(own.queueName),
      dlqArn: queueArn(own.dlqName),
    }),
  });
}
