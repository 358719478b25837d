import { Activity } from "@cadence/core/activity";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { json, problems, security, WorkspaceParams } from "../schemas.ts";

export function activityRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/activity",
      tags: ["Activity"],
      security,
      operationId: "listActivity",
      summary: "The activity log, newest first: a month, or one subject's history",
      request: { params: WorkspaceParams, query: Activity.ListInput.openapi("ActivityQuery") },
      responses: {
        200: json(
          z.object({
            items: z.array(Activity.Info.openapi("Activity")),
            cursor: z.string().nullable(),
          }),
          "Entries",
        ),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => c.json(await Activity.list(c.req.valid("query")), 200),
  );

  return app;
}
