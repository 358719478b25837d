import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * Work too heavy for a request (a CSV import or export, processing a video): the API writes the
 * job, the jobs queue hands it to functions/src/jobs, and the caller polls it. Keyed by workspace
 * and job id (one get per poll); each workspace's jobs sit in their own partition, and a
 * workspace starts few. Kept 7 days, like the files they read and write under `jobs/`.
 */
export const JobEntity = new Entity({
  model: { entity: "job", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    jobId: { type: "string", required: true, readOnly: true },
    kind: {
      type: ["post_import", "post_export", "media_process", "media_fit"] as const,
      required: true,
    },
    /** queued → running → succeeded | failed. `running` past its lease may be claimed again. */
    state: {
      type: ["queued", "running", "succeeded", "failed"] as const,
      required: true,
      default: "queued",
    },
    /** Who started it, so the job acts with their rights: JSON of the actor. */
    actor: { type: "string", required: true, readOnly: true },
    /** The operation's parameters (JSON). */
    params: { type: "string", required: true, readOnly: true, default: "{}" },
    /** The uploaded input in the bucket, if the job reads a file. */
    inputKey: { type: "string" },
    /** Bumped by each claim: a stale worker's writes are refused. */
    attempt: { type: "number", required: true, default: 0 },
    leaseUntil: { type: "string" },
    done: { type: "number", required: true, default: 0 },
    total: { type: "number", required: true, default: 0 },
    /** What it made (JSON), and the file it wrote for download. */
    result: { type: "string" },
    resultKey: { type: "string" },
    resultName: { type: "string" },
    errorCode: { type: "string" },
    errorMessage: { type: "string" },
    /** Details a person needs to fix a failed job (JSON), e.g. an import's problems. */
    errorDetails: { type: "string" },
    expiresAt: { type: "number", required: true },
    ...timestamps,
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}#jobs" },
      sk: { field: "sk", composite: ["jobId"], template: "${jobId}" },
    },
  },
});
export type JobItem = EntityItem<typeof JobEntity>;
