import { Autorepost } from "@cadence/core/autorepost";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, versionFrom, WorkspaceParams } from "../schemas.ts";
import { versionRequired } from "./workspaces.ts";

const tags = ["Autorepost"];
const Info = Autorepost.Info.openapi("AutorepostRule");
const RuleParams = WorkspaceParams.extend({
  ruleId: z
    .string()
    .regex(/^[\w-]{1,64}$/, "use a rule id")
    .openapi({ param: { name: "ruleId", in: "path" } }),
});
const Update = Autorepost.UpdateInput.omit({ ruleId: true, expectedVersion: true })
  .extend({ version: z.number().int().positive().optional() })
  .openapi("AutorepostRuleUpdate");
const base = "/workspaces/{workspaceId}/autorepost-rules";

export function autorepostRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      security,
      operationId: "listAutorepostRules",
      summary: "The workspace's autorepost rules",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(Info) }), "Rules"),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json({ items: await Autorepost.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      security,
      operationId: "createAutorepostRule",
      summary: "Repost an account's new posts to other accounts (owners and admins)",
      description:
        "Every 5 minutes Cadence reads the source account's new posts and makes a post of each " +
        "for the targets, with the template's text (`{text}`, `{url}`). Posts made before the " +
        `rule never are. Sources can be accounts on ${Autorepost.sourceNetworks.join(", ")}.`,
      request: {
        params: WorkspaceParams,
        ...body(Autorepost.CreateInput.openapi("AutorepostRuleCreate")),
      },
      responses: { 201: json(Info, "Created"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const rule = await Autorepost.create(c.req.valid("json"));
      c.header(
        "location",
        `/workspaces/${c.req.valid("param").workspaceId}/autorepost-rules/${rule.id}`,
      );
      c.header("etag", `"${rule.version}"`);
      return c.json(rule, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{ruleId}`,
      tags,
      security,
      operationId: "getAutorepostRule",
      summary: "One autorepost rule, with the source posts it last left out and why",
      request: { params: RuleParams },
      responses: { 200: json(Info, "The rule"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const rule = await Autorepost.get(c.req.valid("param").ruleId);
      c.header("etag", `"${rule.version}"`);
      return c.json(rule, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{ruleId}`,
      tags,
      security,
      operationId: "updateAutorepostRule",
      summary: "Change or pause a rule (send the version you edited)",
      description:
        "Send the version you edited as `If-Match` or `version`; a stale one answers 412. A rule " +
        "switched back on, or given another source, starts from that moment: nothing is backfilled.",
      request: {
        params: RuleParams,
        headers: z.object({ "if-match": z.string().optional() }),
        ...body(Update),
      },
      responses: { 200: json(Info, "Updated"), ...problems(400, 401, 403, 404, 412, 428) },
    }),
    async (c) => {
      const { version, ...changes } = c.req.valid("json");
      const expectedVersion = versionFrom(c.req.header("if-match"), version);
      if (expectedVersion === undefined) throw versionRequired();
      const rule = await Autorepost.update({
        ...changes,
        ruleId: c.req.valid("param").ruleId,
        expectedVersion,
      });
      c.header("etag", `"${rule.version}"`);
      return c.json(rule, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{ruleId}`,
      tags,
      security,
      operationId: "deleteAutorepostRule",
      summary: "Delete a rule; the posts it made stay as they are",
      request: { params: RuleParams },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await Autorepost.remove({ ruleId: c.req.valid("param").ruleId });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{ruleId}/run`,
      tags,
      security,
      operationId: "runAutorepostRule",
      summary: "Check the source now and repost what is new (owners and admins)",
      description:
        "Does at once what the 5-minute run does. When the source cannot be read (its account " +
        "needs reconnecting, the network is down) the answer says why in `error`.",
      request: { params: RuleParams },
      responses: {
        200: json(Autorepost.PollResult.openapi("AutorepostRun"), "What this run did"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await Autorepost.run({ ruleId: c.req.valid("param").ruleId }), 200),
  );

  return app;
}
