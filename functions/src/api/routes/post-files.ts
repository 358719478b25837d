import { PostExport } from "@cadence/core/post-export";
import { PostImport } from "@cadence/core/post-import";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { ApiEnv } from "../env.ts";
import { problem } from "../problem.ts";
import { json, problems, security, WorkspaceParams } from "../schemas.ts";

const tags = ["Posts"];
const Report = PostImport.Report.extend({
  problems: z.array(PostImport.Problem.openapi("ImportProblem")),
}).openapi("ImportReport");
const ExportRow = PostExport.Row.openapi("PostExportRow");
const columnsHelp =
  "Columns: `text`, `accounts` (handles, `network:handle` or account ids, `;`-separated), " +
  "`schedule_mode` (draft, at, queue, now, recurring; when empty: recurring with an `rrule`, " +
  "at with an `at`, else draft), `at` (local YYYY-MM-DDTHH:mm; for recurring, the first " +
  "occurrence), `time_zone` (IANA; the workspace's when empty), `rrule`, `tags` and " +
  "`media_ids` (`;`-separated), `campaign`, and `text.<network>` (e.g. `text.x`, " +
  "`text.linkedin`) for a network's own text.";

/** Posts as files: import many from CSV, export some months as CSV or JSON. */
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
        "Every row is checked as a new post is (accounts, time, zone, rule, each network's " +
        "content rules with signatures appended). `dryRun=true` answers 200 with every row's " +
        "problems and creates nothing. A real import creates all posts, each as POST …/posts " +
        "would (scheduling, approval), and answers 201 with their ids; if any row has a " +
        "problem it answers 400 `import_invalid` with the same `problems` and creates nothing. " +
        "`row` is the line of the file the row starts on (the header is row 1).",
      middleware: [
        bodyLimit({
          maxSize: PostImport.maxBytes + 64 * 1024,
          onError: (c) =>
            problem(
              c,
              413,
              "import_too_large",
              "An import file can be up to 5 MB; split it into smaller files.",
            ),
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
        200: json(Report, "Dry run: what the file would make, and every problem"),
        201: json(Report, "Imported: the posts created, by row"),
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
          415,
          "unsupported_media_type",
          "Send the file as text/csv, or as application/json with the file in `csv`.",
        );
      }
      if (typeof csv !== "string") {
        return problem(c, 400, "invalid_input", "csv: send the file's text in `csv`.", {
          field: "csv",
        });
      }
      const dryRun = c.req.valid("query").dryRun === "true";
      const report = await PostImport.run({ csv, dryRun });
      return c.json(report, dryRun ? 200 : 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/posts/export",
      tags,
      security,
      operationId: "exportPosts",
      summary: "Export the posts created in some months, one row per account, as CSV or JSON",
      description:
        "Rows: each post's target (account) with its state, due time, link, error, text and the " +
        "network's latest figures (empty when unknown). CSV (RFC 4180) has snake_case headers; " +
        `JSON has the same values under camelCase names. Up to ${PostExport.maxMonths} months.`,
      request: { params: WorkspaceParams, query: PostExport.Input.openapi("PostExportQuery") },
      responses: {
        200: {
          description: "The export",
          content: {
            "text/csv": { schema: z.string() },
            "application/json": {
              schema: z
                .object({ from: z.string(), to: z.string(), items: z.array(ExportRow) })
                .openapi("PostExport"),
            },
          },
        },
        ...problems(400, 401, 404, 413),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { from, to, rows } = await PostExport.rows(query);
      if (query.format === "json") return c.json({ from, to, items: rows }, 200);
      return c.body(PostExport.toCsv(rows), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="cadence-posts-${from}-${to}.csv"`,
      });
    },
  );

  return app;
}
