import { catalogue, NetworkInfo } from "@cadence/core/network";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { json, problems, security } from "../schemas.ts";

const NetworkList = z.object({ items: z.array(NetworkInfo) }).openapi("NetworkList");

/** What each network accepts and can do, from the network registry: the composer's rules. */
export function networkRoutes() {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: "get",
      path: "/networks",
      tags: ["Networks"],
      security,
      operationId: "listNetworks",
      summary: "Every network Cadence publishes to, with its rules, limits and capabilities",
      description:
        "Text limits and how each network counts them, media accepted per kind of post, the " +
        "options a post can set, posting budgets and what the network can do (threads, first " +
        "comments, video, metrics, webhooks, autorepost). The same data validates posts when " +
        "they are scheduled.",
      responses: { 200: json(NetworkList, "The networks, in display order"), ...problems(401) },
    }),
    (c) => c.json({ items: catalogue() }, 200),
  );
  return app;
}
