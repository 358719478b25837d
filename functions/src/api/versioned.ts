import { VisibleError } from "@cadence/core/error";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv } from "./env.ts";
import { body, json, problems, security, versionFrom, WorkspaceParams } from "./schemas.ts";

export function versionRequired() {
  return new VisibleError(
    "version_required",
    "Send the version you edited, as an If-Match header or a `version` field, so no one's change is lost.",
    "version",
  );
}

/**
 * The version a write was made against: `If-Match: "3"` or the body's `version`. Writes that
 * replace what a person edited need one (428 without), so a concurrent change is never lost.
 */
export function expectedVersion(c: Context<ApiEnv>, bodyVersion: number | undefined): number {
  const version = versionFrom(c.req.header("if-match"), bodyVersion);
  if (version === undefined) throw versionRequired();
  return version;
}

/** Sets the ETag a client sends back as If-Match. */
export function tagVersion(c: Context<ApiEnv>, item: { version: number }): void {
  c.header("etag", `"${item.version}"`);
}

/** The If-Match header a versioned write accepts, for the route's request. */
export const ifMatchHeader = z.object({ "if-match": z.string().optional() });

type Status = Parameters<typeof problems>[0];

interface Versioned {
  id: string;
  version: number;
}

/** What one workspace-owned, versioned collection is: its shapes, words and operations. */
export interface VersionedCollection<
  Item extends Versioned,
  Create extends z.ZodType,
  Changes extends z.ZodObject,
> {
  /** The shape's name in the document: Preset → Preset, PresetCreate, PresetUpdate. */
  name: string;
  /** How answers name one item and the list: "preset", "Presets". */
  noun: { one: string; many: string };
  /** The path segment under the workspace: "presets". */
  segment: string;
  /** The path parameter naming one item: "presetId". */
  idParam: string;
  tag: string;
  info: z.ZodType<Item>;
  create: {
    input: Create;
    summary: string;
    description?: string;
    /** Problems beyond the usual (409 for a name or account already taken…). */
    problems?: Status[];
    run(input: z.output<Create>): Promise<Item>;
  };
  update: {
    /** The changes a PATCH takes (the version is added here). */
    input: Changes;
    summary: string;
    description: string;
    problems?: Status[];
    run(id: string, changes: z.output<Changes>, expectedVersion: number): Promise<Item>;
  };
  list: { summary: string; run(): Promise<Item[]> };
  get: { summary: string; run(id: string): Promise<Item> };
  remove: { summary: string; run(id: string): Promise<void> };
}

/**
 * List, create, read, change (If-Match or `version`, 412 when stale) and delete for one
 * collection under /workspaces/{workspaceId}, each documented with its operationId. The
 * returned app takes any further routes of the collection.
 */
export function versionedCollection<
  Item extends Versioned,
  Create extends z.ZodType,
  Changes extends z.ZodObject,
>(spec: VersionedCollection<Item, Create, Changes>): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>();
  const tags = [spec.tag];
  const info = (spec.info as z.ZodType).openapi(spec.name);
  const base = `/workspaces/{workspaceId}/${spec.segment}`;
  const one = `${base}/{${spec.idParam}}`;
  const ItemParams = WorkspaceParams.extend({
    [spec.idParam]: z
      .string()
      .regex(/^[\w-]{1,64}$/, `use a ${spec.noun.one} id`)
      .openapi({ param: { name: spec.idParam, in: "path" } }),
  });
  const idOf = (c: Context<ApiEnv>) => c.req.param(spec.idParam) ?? "";
  const Update = spec.update.input
    .extend({ version: z.number().int().positive().optional() })
    .openapi(`${spec.name}Update`);

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      security,
      operationId: `list${spec.name}s`,
      summary: spec.list.summary,
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(info) }), spec.noun.many),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json({ items: await spec.list.run() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      security,
      operationId: `create${spec.name}`,
      summary: spec.create.summary,
      description: spec.create.description,
      request: {
        params: WorkspaceParams,
        ...body((spec.create.input as z.ZodType).openapi(`${spec.name}Create`)),
      },
      responses: {
        201: json(info, "Created"),
        ...problems(400, 401, 403, 404, ...(spec.create.problems ?? [])),
      },
    }),
    async (c) => {
      const item = await spec.create.run(c.req.valid("json") as z.output<Create>);
      c.header(
        "location",
        `/workspaces/${c.req.valid("param").workspaceId}/${spec.segment}/${item.id}`,
      );
      tagVersion(c, item);
      return c.json(item, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: one,
      tags,
      security,
      operationId: `get${spec.name}`,
      summary: spec.get.summary,
      request: { params: ItemParams },
      responses: {
        200: json(info, `The ${spec.noun.one}`),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => {
      const item = await spec.get.run(idOf(c));
      tagVersion(c, item);
      return c.json(item, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: one,
      tags,
      security,
      operationId: `update${spec.name}`,
      summary: spec.update.summary,
      description: spec.update.description,
      request: { params: ItemParams, headers: ifMatchHeader, ...body(Update) },
      responses: {
        200: json(info, "Updated"),
        ...problems(400, 401, 403, 404, 412, 428, ...(spec.update.problems ?? [])),
      },
    }),
    async (c) => {
      const { version, ...changes } = c.req.valid("json") as { version?: number };
      const item = await spec.update.run(
        idOf(c),
        changes as z.output<Changes>,
        expectedVersion(c, version),
      );
      tagVersion(c, item);
      return c.json(item, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: one,
      tags,
      security,
      operationId: `delete${spec.name}`,
      summary: spec.remove.summary,
      request: { params: ItemParams },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await spec.remove.run(idOf(c));
      return c.body(null, 204);
    },
  );

  return app;
}
