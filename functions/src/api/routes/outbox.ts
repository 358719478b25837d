import { Outbox } from "@cadence/core/mail";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { json, problems } from "../schemas.ts";

/**
 * The stage outbox, for QA on stages that keep mail instead of sending it (no verified sender:
 * preview stages and the local stack). Open like the sandbox networks are: such a stage holds
 * test data only, and production always sends through SES, where this answers 404.
 */
export function outboxRoutes() {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: "get",
      path: "/outbox",
      tags: ["System"],
      operationId: "listOutbox",
      // Public on the stages that keep an outbox (none on production): QA reads it signed out.
      security: [],
      summary: "Mail this stage kept instead of sending, newest first (stages without a sender)",
      request: { query: Outbox.ListInput.openapi("OutboxQuery") },
      responses: {
        200: json(z.object({ items: z.array(Outbox.Message.openapi("OutboxMessage")) }), "Mail"),
        ...problems(400, 404),
      },
    }),
    async (c) => c.json({ items: await Outbox.list(c.req.valid("query")) }, 200),
  );
  return app;
}
