import { ApiKey } from "@cadence/core/api-key";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";

const KeyInfo = ApiKey.Info.openapi("ApiKey");
const KeyParams = WorkspaceParams.extend({
  keyId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "keyId", in: "path" } }),
});

export function apiKeyRoutes() {
  const app = new OpenAPIHono<ApiEnv>();
  const tags = ["API keys"];

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/api-keys",
      tags,
      security,
      operationId: "listApiKeys",
      summary: "List the workspace's API keys (never their secrets)",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(KeyInfo) }), "Keys"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json({ items: await ApiKey.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/api-keys",
      tags,
      security,
      operationId: "createApiKey",
      summary: "Create an API key; its secret is shown only in this response",
      request: { params: WorkspaceParams, ...body(ApiKey.CreateInput.openapi("ApiKeyCreate")) },
      responses: {
        201: json(KeyInfo.extend({ key: z.string() }), "Created"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await ApiKey.create(c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workspaces/{workspaceId}/api-keys/{keyId}",
      tags,
      security,
      operationId: "revokeApiKey",
      summary: "Revoke an API key",
      request: { params: KeyParams },
      responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await ApiKey.revoke({ keyId: c.req.valid("param").keyId });
      return c.body(null, 204);
    },
  );

  return app;
}
