import { DeadLetter } from "@cadence/core/dead-letter";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { json, problems, security, WorkspaceParams } from "../schemas.ts";

const Info = DeadLetter.Info.openapi("DeadLetter");

export function deadLetterRoutes() {
  const app = new OpenAPIHono<ApiEnv>();
  const tags = ["Publishing"];

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/dead-letters",
      tags,
      security,
      operationId: "listDeadLetters",
      summary: "Publish messages that could not be processed, with why (owners and admins)",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(Info) }), "Dead messages"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json({ items: await DeadLetter.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/dead-letters/{deadLetterId}/redrive",
      tags,
      security,
      operationId: "redriveDeadLetter",
      summary: "Send a dead message back to the publish queue",
      request: {
        params: WorkspaceParams.extend({
          deadLetterId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: "deadLetterId", in: "path" } }),
        }),
      },
      responses: { 200: json(Info, "Redriven"), ...problems(401, 403, 404) },
    }),
    async (c) =>
      c.json(await DeadLetter.redrive({ deadLetterId: c.req.valid("param").deadLetterId }), 200),
  );

  return app;
}
