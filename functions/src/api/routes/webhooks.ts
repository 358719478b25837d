import { Webhook } from "@cadence/core/webhook";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv } from "../env.ts";
import { problem } from "../problem.ts";
import { json, problems } from "../schemas.ts";

const Params = z.object({
  network: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "network", in: "path" } }),
});

/**
 * The networks' webhooks (no bearer token: each delivery is signed with the app's secret, and
 * the adapter checks it). GET answers the networks' subscription handshakes.
 */
export function webhookRoutes() {
  const app = new OpenAPIHono<ApiEnv>();
  for (const method of ["get", "post"] as const) {
    app.openapi(
      createRoute({
        method,
        path: "/webhooks/{network}",
        tags: ["Webhooks"],
        operationId: method === "get" ? "verifyWebhook" : "receiveWebhook",
        // Signed by the network, not authenticated with a bearer token.
        security: [],
        summary:
          method === "get"
            ? "A network's webhook handshake (Meta's hub.challenge, X's CRC)"
            : "A signed delivery of events from a network",
        request: { params: Params },
        responses: {
          200: json(
            z.object({ received: z.number(), duplicates: z.number(), stale: z.number() }),
            "Accepted (repeats and events outside the time window are counted, not acted on), or the handshake's answer",
          ),
          ...problems(401, 404),
        },
      }),
      async (c) => answer(c, await receive(c)) as never,
    );
  }
  return app;
}

async function receive(c: Context<ApiEnv>): Promise<Webhook.Result> {
  return Webhook.receive(c.req.param("network") ?? "", {
    method: c.req.method,
    headers: Object.fromEntries(c.req.raw.headers.entries()),
    query: c.req.query(),
    // The signature covers the exact bytes, so the body is read as text, never re-parsed.
    rawBody: c.req.method === "GET" ? "" : await c.req.text(),
  });
}

function answer(c: Context<ApiEnv>, result: Webhook.Result): Response {
  if (result.kind === "challenge") {
    return c.body(result.body, result.status as 200, { "content-type": result.contentType });
  }
  if (result.kind === "rejected") {
    return problem(c, "webhook_signature_invalid");
  }
  return c.json(
    { received: result.events, duplicates: result.duplicates, stale: result.stale },
    200,
  );
}
