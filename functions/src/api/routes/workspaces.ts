import { roles } from "@cadence/core/actor";
import { Workspace } from "@cadence/core/workspace";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";
import { expectedVersion as expectedVersionOf } from "../versioned.ts";

const tags = ["Workspaces"];
const Info = Workspace.Info.openapi("Workspace");
const WithRole = Workspace.Info.extend({ role: z.enum(roles) }).openapi("WorkspaceWithRole");
const Update = Workspace.UpdateInput.omit({ expectedVersion: true })
  .extend({ version: z.number().int().positive().optional() })
  .openapi("WorkspaceUpdate");

export function workspaceRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces",
      tags,
      security,
      operationId: "listWorkspaces",
      summary: "List the workspaces you belong to, with your role in each",
      responses: {
        200: json(z.object({ items: z.array(WithRole) }), "Your workspaces"),
        ...problems(401, 403),
      },
    }),
    async (c) => c.json({ items: await Workspace.listMine() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces",
      tags,
      security,
      operationId: "createWorkspace",
      summary: "Create a workspace; you become its owner",
      request: body(Workspace.CreateInput.openapi("WorkspaceCreate")),
      responses: { 201: json(Info, "Created"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const workspace = await Workspace.create(c.req.valid("json"));
      c.header("location", `/workspaces/${workspace.id}`);
      c.header("etag", `"${workspace.version}"`);
      return c.json(workspace, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}",
      tags,
      security,
      operationId: "getWorkspace",
      summary: "Get a workspace and its settings",
      request: { params: WorkspaceParams },
      responses: { 200: json(Info, "The workspace"), ...problems(401, 404) },
    }),
    async (c) => {
      const workspace = await Workspace.current();
      c.header("etag", `"${workspace.version}"`);
      return c.json(workspace, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/workspaces/{workspaceId}",
      tags,
      security,
      operationId: "updateWorkspace",
      summary: "Rename or change settings (time zone, approval, late-publish window)",
      description:
        "Send the version you edited as `If-Match` or `version`; a stale one answers 412.",
      request: {
        params: WorkspaceParams,
        headers: z.object({ "if-match": z.string().optional() }),
        ...body(Update),
      },
      responses: { 200: json(Info, "Updated"), ...problems(400, 401, 403, 404, 412, 428) },
    }),
    async (c) => {
      const { version, ...changes } = c.req.valid("json");
      const expectedVersion = expectedVersionOf(c, version);
      const workspace = await Workspace.update({ ...changes, expectedVersion });
      c.header("etag", `"${workspace.version}"`);
      return c.json(workspace, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workspaces/{workspaceId}",
      tags,
      security,
      operationId: "deleteWorkspace",
      summary: "Delete a workspace (owners only)",
      request: { params: WorkspaceParams },
      responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await Workspace.remove();
      return c.body(null, 204);
    },
  );

  return app;
}
