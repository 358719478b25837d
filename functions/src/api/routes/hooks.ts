import { Event, eventSpecs, eventTypes } from "@cadence/core/event";
import { Hook } from "@cadence/core/hook";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";

const tags = ["Webhook endpoints"];
const EndpointParams = WorkspaceParams.extend({
  endpointId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "endpointId", in: "path" } }),
});
const DeliveryParams = EndpointParams.extend({
  deliveryId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "deliveryId", in: "path" } }),
});
const base = "/workspaces/{workspaceId}/webhook-endpoints";

/**
 * Outbound webhook endpoints (owners and admins), their delivery log, tests, redelivery and
 * secret rotation; and, in the document's `webhooks`, what Cadence sends for each event type.
 */
export function hookRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      security,
      operationId: "listWebhookEndpoints",
      summary: "The workspace's webhook endpoints",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(Hook.Endpoint) }), "Endpoints"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json({ items: await Hook.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      security,
      operationId: "createWebhookEndpoint",
      summary: "Add an endpoint; its signing secret is in this answer only",
      request: {
        params: WorkspaceParams,
        ...body(Hook.CreateInput.openapi("WebhookEndpointInput")),
      },
      responses: {
        201: json(Hook.EndpointWithSecret, "Added"),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await Hook.create(c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{endpointId}`,
      tags,
      security,
      operationId: "updateWebhookEndpoint",
      summary: "Change the address, description or event filter, or turn it off or on",
      request: {
        params: EndpointParams,
        ...body(Hook.UpdateInput.omit({ endpointId: true }).openapi("WebhookEndpointUpdate")),
      },
      responses: { 200: json(Hook.Endpoint, "Changed"), ...problems(400, 401, 403, 404, 412) },
    }),
    async (c) =>
      c.json(
        await Hook.update({ ...c.req.valid("json"), endpointId: c.req.valid("param").endpointId }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{endpointId}`,
      tags,
      security,
      operationId: "deleteWebhookEndpoint",
      summary: "Delete an endpoint; attempts still queued for it stop",
      request: { params: EndpointParams },
      responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await Hook.remove({ endpointId: c.req.valid("param").endpointId });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{endpointId}/rotate-secret`,
      tags,
      security,
      operationId: "rotateWebhookSecret",
      summary: "A new signing secret; the previous one keeps signing beside it for the overlap",
      request: {
        params: EndpointParams,
        ...body(Hook.RotateInput.omit({ endpointId: true }).openapi("WebhookRotateInput")),
      },
      responses: {
        200: json(Hook.EndpointWithSecret, "Rotated"),
        ...problems(400, 401, 403, 404, 412),
      },
    }),
    async (c) =>
      c.json(
        await Hook.rotate({ ...c.req.valid("json"), endpointId: c.req.valid("param").endpointId }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{endpointId}/test`,
      tags,
      security,
      operationId: "testWebhookEndpoint",
      summary: "Send a webhook.test event now (one attempt); its result shows in the log",
      request: { params: EndpointParams },
      responses: { 202: json(Hook.Delivery, "Queued"), ...problems(401, 403, 404) },
    }),
    async (c) => c.json(await Hook.test({ endpointId: c.req.valid("param").endpointId }), 202),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{endpointId}/deliveries`,
      tags,
      security,
      operationId: "listWebhookDeliveries",
      summary: "The delivery log, newest first: each attempt's time, status code and duration",
      request: {
        params: EndpointParams,
        query: z.object({ limit: Hook.DeliveriesInput.shape.limit }).openapi("DeliveryQuery"),
      },
      responses: {
        200: json(z.object({ items: z.array(Hook.Delivery) }), "Deliveries"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        {
          items: await Hook.deliveries({
            endpointId: c.req.valid("param").endpointId,
            limit: c.req.valid("query").limit,
          }),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{endpointId}/deliveries/{deliveryId}/redeliver`,
      tags,
      security,
      operationId: "redeliverWebhook",
      summary: "Send a finished delivery again now, with the same webhook-id",
      request: { params: DeliveryParams },
      responses: { 202: json(Hook.Delivery, "Queued"), ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const { endpointId, deliveryId } = c.req.valid("param");
      return c.json(await Hook.redeliver({ endpointId, deliveryId }), 202);
    },
  );

  // What each event's webhook carries: the envelope with that type's payload.
  for (const type of [...eventTypes]) {
    const spec = eventSpecs[type];
    app.openAPIRegistry.registerWebhook({
      method: "post",
      path: type,
      tags: ["Webhook events"],
      // Cadence calls the receiver; the signature headers, not a bearer token, prove it.
      security: [],
      operationId: `${type.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase())}Webhook`,
      summary: spec.label,
      description: `Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Payload version ${spec.version}.`,
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: Event.Envelope.extend({ type: z.literal(type), data: spec.payload }),
            },
          },
        },
      },
      responses: { 200: { description: "Any 2xx answer counts as delivered" } },
    });
  }

  return app;
}
