import * as z from "zod";
import type { JobItem } from "../db/entities/job.ts";
import { catalogue } from "../error/index.ts";
import { usePorts } from "../ports.ts";
import "../util/zod.ts";

export const kinds = ["post_import", "post_export", "media_process", "media_fit"] as const;
export type JobKind = (typeof kinds)[number];

/** How long a download link from a finished job works. */
export const downloadSeconds = 15 * 60;

export const JobInfo = z.object({
  id: z.string(),
  kind: z.enum(kinds),
  state: z.enum(["queued", "running", "succeeded", "failed"]),
  progress: z.object({
    done: z.number().describe("Units done so far (rows, posts)"),
    total: z.number().describe("Units in all; 0 while unknown"),
  }),
  result: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("What a succeeded job made: an import's report, an export's row count"),
  download: z
    .object({ url: z.string(), fileName: z.string(), expiresAt: z.string() })
    .nullable()
    .describe("A short-lived link to the file a succeeded job wrote (exports)"),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    })
    .nullable()
    .describe("Why a failed job failed, and what to do"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobInfo = z.infer<typeof JobInfo>;

export async function infoOf(item: JobItem): Promise<JobInfo> {
  const download =
    item.state === "succeeded" && item.resultKey
      ? {
          url: await usePorts().blobs.presignGet(
            item.resultKey,
            downloadSeconds,
            item.resultName ?? "download",
          ),
          fileName: item.resultName ?? "download",
          expiresAt: new Date(Date.now() + downloadSeconds * 1000).toISOString(),
        }
      : null;
  return {
    id: item.jobId,
    kind: item.kind,
    state: item.state,
    progress: { done: item.done, total: item.total },
    result: item.result ? (JSON.parse(item.result) as Record<string, unknown>) : null,
    download,
    error:
      item.state === "failed"
        ? {
            // A failed job without a code stopped before it could say why: a crash.
            code: item.errorCode ?? "job_crashed",
            message: item.errorMessage ?? catalogue.job_crashed.fix,
            ...(item.errorDetails ? { details: JSON.parse(item.errorDetails) } : {}),
          }
        : null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}
