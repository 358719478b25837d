import { Signature } from "@cadence/core/signature";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, versionFrom, WorkspaceParams } from "../schemas.ts";
import { versionRequired } from "./workspaces.ts";

const tags = ["Signatures"];
const Info = Signature.Info.openapi("Signature");
const SignatureParams = WorkspaceParams.extend({
  signatureId: z
    .string()
    .regex(/^[\w-]{1,64}$/, "use a signature id")
    .openapi({ param: { name: "signatureId", in: "path" } }),
});
const Update = Signature.UpdateInput.omit({ signatureId: true, expectedVersion: true })
  .extend({ version: z.number().int().positive().optional() })
  .openapi("SignatureUpdate");
const base = "/workspaces/{workspaceId}/signatures";

export function signatureRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      security,
      operationId: "listSignatures",
      summary: "The workspace's saved signatures",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(Info) }), "Signatures"),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json({ items: await Signature.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      security,
      operationId: "createSignature",
      summary: "Save a signature, optionally appended to every scheduled post of some accounts",
      description:
        "With `autoAppend`, each listed account's scheduled posts get the signature after their " +
        "text, separated by a blank line, before the network's length rules count it. Drafts are " +
        "signed when they are scheduled; text that already ends with the signature is not signed " +
        "again. An account gets at most one signature automatically (409 `auto_append_taken`).",
      request: {
        params: WorkspaceParams,
        ...body(Signature.CreateInput.openapi("SignatureCreate")),
      },
      responses: { 201: json(Info, "Saved"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const signature = await Signature.create(c.req.valid("json"));
      c.header(
        "location",
        `/workspaces/${c.req.valid("param").workspaceId}/signatures/${signature.id}`,
      );
      c.header("etag", `"${signature.version}"`);
      return c.json(signature, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{signatureId}`,
      tags,
      security,
      operationId: "getSignature",
      summary: "One signature",
      request: { params: SignatureParams },
      responses: { 200: json(Info, "The signature"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const signature = await Signature.get(c.req.valid("param").signatureId);
      c.header("etag", `"${signature.version}"`);
      return c.json(signature, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{signatureId}`,
      tags,
      security,
      operationId: "updateSignature",
      summary: "Change a signature's name, text or accounts (send the version you edited)",
      description:
        "Send the version you edited as `If-Match` or `version`; a stale one answers 412. Posts " +
        "already signed keep the text they were signed with.",
      request: {
        params: SignatureParams,
        headers: z.object({ "if-match": z.string().optional() }),
        ...body(Update),
      },
      responses: { 200: json(Info, "Updated"), ...problems(400, 401, 403, 404, 409, 412, 428) },
    }),
    async (c) => {
      const { version, ...changes } = c.req.valid("json");
      const expectedVersion = versionFrom(c.req.header("if-match"), version);
      if (expectedVersion === undefined) throw versionRequired();
      const signature = await Signature.update({
        ...changes,
        signatureId: c.req.valid("param").signatureId,
        expectedVersion,
      });
      c.header("etag", `"${signature.version}"`);
      return c.json(signature, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{signatureId}`,
      tags,
      security,
      operationId: "deleteSignature",
      summary: "Delete a signature; posts it was appended to keep their text",
      request: { params: SignatureParams },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await Signature.remove({ signatureId: c.req.valid("param").signatureId });
      return c.body(null, 204);
    },
  );

  return app;
}
