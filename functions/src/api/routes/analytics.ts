import { Analytics } from "@cadence/core/analytics";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { json, problems, security, WorkspaceParams } from "../schemas.ts";

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
      tags: ["Analytics"],
      security,
      operationId: "getPostMetrics",
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

  return app;
}
