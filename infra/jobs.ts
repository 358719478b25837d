import core from "../packages/core/package.json" with { type: "json" };
import { eventQueue } from "./events";
import { functionSpecs, installOf } from "./function-specs";
import { mail } from "./mail";
import { networkApps } from "./networks";
import { publishQueue } from "./queue";
import { publishSchedules } from "./scheduler";
import { media, table, tokenKey } from "./storage";

// Heavy work off the request: CSV imports and exports and video processing. The API stores the
// job and its input, then sends { workspaceId, jobId } here; the consumer runs it for up to 15
// minutes and writes results under `jobs/` in the Media bucket, which the caller downloads
// through a presigned link. Neither API Gateway's 29 seconds nor Lambda's 6 MB response apply.

export const jobDlq = new sst.aws.Queue("JobDlq", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 } },
});

export const jobQueue = new sst.aws.Queue("JobQueue", {
  // A job that crashed three times is parked (Job.run marks it failed on its last attempt).
  dlq: { queue: jobDlq.arn, retry: 3 },
  // At least the consumer's 15 minutes, plus a minute: a running job is never handed to a
  // second worker while the first still holds it.
  visibilityTimeout: "16 minutes",
});

export const jobConsumer = jobQueue.subscribe(
  {
    handler: functionSpecs.jobs.handler,
    // Imports create posts as the composer does (schedules, queue, approval mail).
    link: [table, media, tokenKey, publishSchedules, publishQueue, networkApps, mail, eventQueue],
    nodejs: { install: installOf(functionSpecs.jobs, core.dependencies) },
    timeout: "15 minutes",
    // Parsing 5 MB of CSV and building a 20,000-row file want room.
    memory: "2048 MB",
  },
  {
    // One job per invocation: each gets the whole 15 minutes, and fails alone.
    batch: { size: 1, partialResponses: true },
    transform: {
      // A handful of jobs at once; more wait in the queue rather than take the API's share.
      eventSourceMapping: { scalingConfig: { maximumConcurrency: 5 } },
    },
  },
);
