import { randomUUID } from "node:crypto";
import { queueArn } from "@cadence/local/resources";
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

// Test files run at the same time on one stack. Each gets publish, jobs and events queues and their
// DLQs of its own (same attributes as the stack's), so its schedules, workers, fan-outs and dead
// letters never meet another file's: a worker in one file cannot take, crash on or park another
// file's messages.
// Set before anything reads `Resource`, which reads the environment once.
if (process.env.AWS_ENDPOINT_URL_SQS) {
  const suffix = randomUUID().slice(0, 8);
  const own = await createPublishQueues(process.env.AWS_ENDPOINT_URL_SQS, suffix);
  const jobs = await createJobQueues(process.env.AWS_ENDPOINT_URL_SQS, suffix);
  const events = await createEventQueues(process.env.AWS_ENDPOINT_URL_SQS, suffix);
  const schedules = JSON.parse(process.env.SST_RESOURCE_PublishSchedules ?? "{}");
  Object.assign(process.env, {
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
