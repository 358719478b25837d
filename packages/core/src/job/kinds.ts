import type { Role } from "../actor/index.ts";
import { Media } from "../media/index.ts";
import { RunFitParams, runFit } from "../media/rendition.ts";
import { usePorts } from "../ports.ts";
import type { JobKind } from "./info.ts";

export interface JobContext {
  workspaceId: string;
  jobId: string;
  params: Record<string, unknown>;
  inputKey?: string;
}

export interface JobOutcome {
  result: Record<string, unknown>;
  /** A file for the caller to download (kept with the job's other files under `jobs/`). */
  file?: { name: string; body: string; contentType: string };
}

interface JobKindSpec {
  /** The lowest role that may start it (the operation checks again when it runs). */
  role: Role;
  run(context: JobContext): Promise<JobOutcome>;
}

/**
 * What each kind of job does, once claimed, as the person who started it. Imports and exports
 * load their modules (and the CSV libraries) when such a job runs: every function that starts
 * a job reads this table, only the jobs function runs one.
 */
export const jobKinds: Record<JobKind, JobKindSpec> = {
  post_import: {
    role: "editor",
    async run({ params, inputKey }) {
      const csv = inputKey ? await usePorts().blobs.read(inputKey) : undefined;
      if (!csv) throw new Error("the import's file is missing from the bucket");
      const { PostImport } = await import("../post-import/index.ts");
      const report = await PostImport.run({
        csv: csv.toString("utf8"),
        dryRun: params.dryRun === true,
      });
      return { result: report };
    },
  },
  post_export: {
    role: "viewer",
    async run({ params }) {
      const { PostExport } = await import("../post-export/index.ts");
      const input = PostExport.Input.parse(params);
      const { from, to, rows } = await PostExport.rows(input);
      const json = input.format === "json";
      return {
        result: { from, to, rows: rows.length, format: input.format },
        file: {
          name: `cadence-posts-${from}-${to}.${json ? "json" : "csv"}`,
          body: json ? JSON.stringify({ from, to, items: rows }) : PostExport.toCsv(rows),
          contentType: json ? "application/json" : "text/csv; charset=utf-8",
        },
      };
    },
  },
  media_process: {
    role: "editor",
    async run({ params }) {
      const media = await Media.complete({ mediaId: String(params.mediaId) });
      return { result: { media } };
    },
  },
  media_fit: {
    role: "editor",
    async run({ params }) {
      const fitted = await runFit(RunFitParams.parse(params));
      return { result: { fit: fitted } };
    },
  },
};
