import { Job } from "@cadence/core/job";
import { PostExport } from "@cadence/core/post-export";
import { PostImport } from "@cadence/core/post-import";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { ApiEnv } from "../env.ts";
import { problem } from "../problem.ts";
import { body, problems, security, WorkspaceParams } from "../schemas.ts";
import { accepted, jobLocation } from "./jobs.ts";

const tags = ["Posts"];
const columnsHelp =
  "Columns: `text`, `accounts` (handles, `network:handle` or account ids, `;`-separated), " +
  "`schedule_mode` (draft, at, queue, now, recurring; when empty: recurring with an `rrule`, " +
  "at with an `at`, else draft), `at` (local YYYY-MM-DDTHH:mm; for recurring, the first " +
  "occurrence), `time_zone` (IANA; the workspace's when empty), `rrule`, `tags` and " +
  "`media_ids` (`;`-separated), `campaign`, and `text.<network>` (e.g. `text.x`, " +
  "`text.linkedin`) for a network's own text.";

/** Posts as files, as jobs: import many from CSV, export some months as CSV or JSON. */
export function postFileRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/posts/import",
      tags,
      security,
      operationId: "importPosts",
      summary: "Import posts from a CSV file (one post per row), or check one with dryRun=true",
      description:
        `Send the file as \`text/csv\` (up to 5 MB and 5,000 rows), or as JSON \`{ "csv": "…" }\`. ${columnsHelp} ` +
        "The import runs as a job: the answer is 202 with the job (and its address in " +
        "`Location`); poll GET …/jobs/{jobId} until it is `succeeded` or `failed`. " +
        "Every row is checked as a new post is (accounts, time, zone, rule, each network's " +
        "content rules with signatures appended). With `dryRun=true` the job's `result` is the " +
        "report of every row's problems and nothing is created. A real import creates all " +
        "posts, each as POST …/posts would (scheduling, approval), and its `result` lists their " +
        "ids; if any row has a problem the job fails with `import_invalid` and the same " +
        "`problems` in `error.details`, and creates nothing. `row` is the line of the file the " +
        "row starts on (the header is row 1). A file over 5 MB answers 413 at once.",
      middleware: [
        bodyLimit({
          maxSize: PostImport.maxBytes + 64 * 1024,
          onError: (c) => problem(c, "import_too_large", PostImport.tooLarge().message),
        }),
      ] as const,
      request: {
        params: WorkspaceParams,
        query: z.object({
          dryRun: z
            .enum(["true", "false"])
            .default("false")
            .openapi({ param: { name: "dryRun", in: "query" } }),
        }),
        // Plain schemas: the handler reads the body itself, whichever of the two it is.
        body: {
          required: true,
          content: {
            "text/csv": { schema: { type: "string" } },
            "application/json": {
              schema: {
                type: "object",
                properties: { csv: { type: "string", description: "The CSV file" } },
                required: ["csv"],
              },
            },
          },
        },
      },
      responses: {
        202: accepted("The import job, queued"),
        ...problems(400, 401, 403, 404, 413),
        415: { description: "Send text/csv or application/json" },
      },
    }),
    async (c) => {
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      let csv: unknown;
      if (type === "text/csv") csv = await c.req.text();
      else if (type === "application/json") csv = (await c.req.json().catch(() => null))?.csv;
      else {
        return problem(
          c,
          "unsupported_content_type",
          "Send the file as text/csv, or as application/json with the file in `csv`.",
        );
      }
      if (typeof csv !== "string") {
        return problem(c, "invalid_input", "csv: send the file's text in `csv`.", {
          field: "csv",
        });
      }
      if (Buffer.byteLength(csv, "utf8") > PostImport.maxBytes) {
        return problem(c, "import_too_large", PostImport.tooLarge().message);
      }
      const dryRun = c.req.valid("query").dryRun === "true";
      const job = await Job.start({
        kind: "post_import",
        params: { dryRun },
        file: { name: "import.csv", body: csv, contentType: "text/csv; charset=utf-8" },
      });
      return c.json(job, 202, { location: jobLocation(c.req.param("workspaceId"), job.id) });
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/posts/export",
      tags,
      security,
      operationId: "exportPosts",
      summary: "Export the posts created in some months, one row per account, as CSV or JSON",
      description:
        "Runs as a job: the answer is 202 with the job (its address in `Location`); poll GET " +
        "…/jobs/{jobId} until it is `succeeded`, then fetch the file from `download.url` (a " +
        "link that works for 15 minutes; poll again for a fresh one). Rows: each post's target " +
        "(account) with its state, due time, link, error, text and the network's latest " +
        "figures (empty when unknown). CSV (RFC 4180) has snake_case headers; JSON has " +
        `\`{ from, to, items }\` with camelCase names. Up to ${PostExport.maxMonths} months and ` +
        `${PostExport.maxRows.toLocaleString("en")} rows.`,
      request: { params: WorkspaceParams, ...body(PostExport.Input.openapi("PostExportInput")) },
      responses: {
        202: accepted("The export job, queued"),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      // Checked now, so a bad range answers 400 instead of a failed job.
      PostExport.checkRange(input);
      const job = await Job.start({ kind: "post_export", params: input });
      return c.json(job, 202, { location: jobLocation(c.req.param("workspaceId"), job.id) });
    },
  );

  return app;
}
