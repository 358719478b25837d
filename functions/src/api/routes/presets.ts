import { Preset } from "@cadence/core/preset";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, versionFrom, WorkspaceParams } from "../schemas.ts";
import { versionRequired } from "./workspaces.ts";

const tags = ["Presets"];
const Info = Preset.Info.openapi("Preset");
const PresetParams = WorkspaceParams.extend({
  presetId: z
    .string()
    .regex(/^[\w-]{1,64}$/, "use a preset id")
    .openapi({ param: { name: "presetId", in: "path" } }),
});
const Update = Preset.UpdateInput.omit({ presetId: true, expectedVersion: true })
  .extend({ version: z.number().int().positive().optional() })
  .openapi("PresetUpdate");
const base = "/workspaces/{workspaceId}/presets";

export function presetRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      security,
      operationId: "listPresets",
      summary: "The workspace's saved presets",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(Info) }), "Presets"),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json({ items: await Preset.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      security,
      operationId: "createPreset",
      summary: "Save a preset: accounts with their overrides, and a default schedule",
      description:
        "A new post names it with `presetId` (POST …/posts) to start from its accounts and " +
        "schedule; what the post's body gives wins over the preset.",
      request: { params: WorkspaceParams, ...body(Preset.CreateInput.openapi("PresetCreate")) },
      responses: { 201: json(Info, "Saved"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const preset = await Preset.create(c.req.valid("json"));
      c.header("location", `/workspaces/${c.req.valid("param").workspaceId}/presets/${preset.id}`);
      c.header("etag", `"${preset.version}"`);
      return c.json(preset, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{presetId}`,
      tags,
      security,
      operationId: "getPreset",
      summary: "One preset",
      request: { params: PresetParams },
      responses: { 200: json(Info, "The preset"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const preset = await Preset.get(c.req.valid("param").presetId);
      c.header("etag", `"${preset.version}"`);
      return c.json(preset, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{presetId}`,
      tags,
      security,
      operationId: "updatePreset",
      summary: "Change a preset's name, accounts or schedule (send the version you edited)",
      description:
        "Send the version you edited as `If-Match` or `version`; a stale one answers 412. " +
        "`schedule: null` removes the preset's schedule. Posts made from it do not change.",
      request: {
        params: PresetParams,
        headers: z.object({ "if-match": z.string().optional() }),
        ...body(Update),
      },
      responses: { 200: json(Info, "Updated"), ...problems(400, 401, 403, 404, 412, 428) },
    }),
    async (c) => {
      const { version, ...changes } = c.req.valid("json");
      const expectedVersion = versionFrom(c.req.header("if-match"), version);
      if (expectedVersion === undefined) throw versionRequired();
      const preset = await Preset.update({
        ...changes,
        presetId: c.req.valid("param").presetId,
        expectedVersion,
      });
      c.header("etag", `"${preset.version}"`);
      return c.json(preset, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{presetId}`,
      tags,
      security,
      operationId: "deletePreset",
      summary: "Delete a preset; posts made from it stay as they are",
      request: { params: PresetParams },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await Preset.remove({ presetId: c.req.valid("param").presetId });
      return c.body(null, 204);
    },
  );

  return app;
}
