import { Analytics } from "@cadence/core/analytics";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";

const tags = ["Analytics"];
const AccountParams = WorkspaceParams.extend({
  accountId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "accountId", in: "path" } }),
});
const PeriodQuery = Analytics.PeriodQuery.openapi("AnalyticsPeriodQuery");
const periodText =
  "The period is `days` (7, 30 or 90, ending today) or `from`–`to` (YYYY-MM-DD, inclusive, at most 366 days), in the workspace's time zone. At most one of account, network, campaign or tag filters it.";

const PostParams = WorkspaceParams.extend({
  postId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "postId", in: "path" } }),
});

export function analyticsRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/posts/{postId}/metrics",
      operationId: "getPostMetrics",
      tags,
      security,
      summary: "How a post did: the latest figures of each network it went to",
      description:
        "Read from the networks hourly for two days after publishing, then daily for 30 days. A figure a network does not report is absent, never 0.",
      request: { params: PostParams },
      responses: {
        200: json(
          z.object({ items: z.array(Analytics.TargetMetrics.openapi("TargetMetrics")) }),
          "The latest reading per target",
        ),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json({ items: await Analytics.forPost(c.req.valid("param").postId) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/analytics/summary",
      operationId: "getAnalyticsSummary",
      tags,
      security,
      summary: "How the workspace did in a period, against the period before",
      description: `Totals with their change, every day of the period, and the split by network and by account (with follower growth), from the daily rollups. Figures are filed on the day a post was published. ${periodText}`,
      request: { params: WorkspaceParams, query: PeriodQuery },
      responses: {
        200: json(Analytics.Summary.openapi("AnalyticsSummary"), "The period's figures"),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => c.json(await Analytics.summary(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/analytics/top-posts",
      operationId: "listTopPosts",
      tags,
      security,
      summary: "The period's best posts by one figure",
      description: `Each published post per account, with its text, network and latest figures, sorted by \`sort\` (highest first). ${periodText}`,
      request: {
        params: WorkspaceParams,
        query: Analytics.PeriodQuery.extend(Analytics.TopPostsQuery.shape).openapi("TopPostsQuery"),
      },
      responses: {
        200: json(
          z
            .object({
              period: Analytics.Summary.shape.period,
              sort: z.string(),
              items: z.array(Analytics.TopPost.openapi("TopPost")),
            })
            .openapi("TopPosts"),
          "The best posts, best first",
        ),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => c.json(await Analytics.topPosts(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/analytics/best-times",
      operationId: "getBestTimes",
      tags,
      security,
      summary: "When the workspace's posts do best: weekday × hour in the workspace's zone",
      description:
        "Every measured post, by the weekday and hour it was published. Each cell says how many posts it rests on; `enough` is false while there are too few to trust, and then nothing is suggested.",
      request: { params: WorkspaceParams },
      responses: {
        200: json(Analytics.BestTimes.openapi("BestTimes"), "The heatmap"),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json(await Analytics.bestTimes(), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/accounts/{accountId}/suggested-slots",
      operationId: "getSuggestedSlots",
      tags,
      security,
      summary: "The best-time suggestions as this account's posting slots",
      description:
        "The suggested weekday-hours in the account's own zone, in the shape PUT …/slots takes, so a person can review them and save.",
      request: { params: AccountParams },
      responses: {
        200: json(
          z
            .object({
              accountId: z.string(),
              timeZone: z.string(),
              enough: z.boolean(),
              slots: z.record(z.string(), z.array(z.string())),
            })
            .openapi("SuggestedSlots"),
          "Suggested slots",
        ),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json(await Analytics.suggestedSlots(c.req.valid("param").accountId), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/analytics/export",
      operationId: "exportAnalytics",
      tags,
      security,
      summary: "Export a period's posts with their figures, or its daily rollups, as CSV or JSON",
      description: `kind=posts: one row per published post and account; kind=daily: one row per day and workspace, network, account, campaign or tag. An empty cell is a figure the network does not report. CSV text cells that a spreadsheet would take for a formula start with an apostrophe. ${periodText}`,
      request: {
        params: WorkspaceParams,
        query: Analytics.PeriodQuery.extend(Analytics.ExportQuery.shape).openapi(
          "AnalyticsExportQuery",
        ),
      },
      responses: {
        200: {
          description: "The export",
          content: {
            "text/csv": { schema: z.string() },
            "application/json": {
              schema: z
                .object({
                  period: Analytics.Summary.shape.period,
                  items: z.array(
                    z.record(z.string(), z.union([z.string(), z.number()]).nullable()),
                  ),
                })
                .openapi("AnalyticsExport"),
            },
          },
        },
        ...problems(400, 401, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const file = await Analytics.exportFile(query);
      if (query.format === "json") return c.json({ period: file.period, items: file.rows }, 200);
      return c.body(file.csv(), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file.fileName}"`,
      });
    },
  );

  const WeeklyEmail = z
    .object({ enabled: z.boolean().describe("Whether you get this workspace's weekly summary") })
    .openapi("WeeklyEmail");

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/analytics/weekly-email",
      operationId: "getWeeklyEmail",
      tags,
      security,
      summary: "Whether you get the weekly email summary of this workspace",
      request: { params: WorkspaceParams },
      responses: {
        200: json(WeeklyEmail, "Your setting"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json(await Analytics.weeklyReport(), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/workspaces/{workspaceId}/analytics/weekly-email",
      operationId: "setWeeklyEmail",
      tags,
      security,
      summary: "Switch the weekly email summary of this workspace on or off for yourself",
      description:
        "Sent on Monday mornings (UTC): last week's totals against the week before and the top posts. People only; API keys cannot subscribe.",
      request: { params: WorkspaceParams, ...body(WeeklyEmail) },
      responses: {
        200: json(WeeklyEmail, "Your setting"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await Analytics.setWeeklyReport(c.req.valid("json").enabled), 200),
  );

  return app;
}
