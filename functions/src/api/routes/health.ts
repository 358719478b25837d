import { checkDependencies } from "@cadence/aws/health";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";

const Dependency = z.object({
  status: z.enum(["up", "down"]),
  latencyMs: z.number(),
  reason: z.string().optional(),
});

const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    dependencies: z.record(z.string(), Dependency),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["System"],
  operationId: "getHealth",
  security: [],
  summary: "Report whether the API and each AWS dependency it uses are reachable",
  responses: {
    200: {
      description: "Every dependency is up",
      content: { "application/json": { schema: Health } },
    },
    503: {
      description: "A dependency is down",
      content: { "application/json": { schema: Health } },
    },
  },
});

export function healthRoutes() {
  return new OpenAPIHono().openapi(route, async (c) => {
    const dependencies = await checkDependencies();
    const healthy = Object.values(dependencies).every((d) => d.status === "up");
    return c.json({ status: healthy ? "ok" : "degraded", dependencies }, healthy ? 200 : 503);
  });
}
