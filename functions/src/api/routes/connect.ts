import { Account } from "@cadence/core/account";
import { type CallbackOutcome, Connect, callbackErrors, withOutcome } from "@cadence/core/connect";
import { catalogue } from "@cadence/core/error";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv } from "../env.ts";
import { problem } from "../problem.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";

const tags = ["Accounts"];
const AccountInfo = Account.Info.openapi("Account");
const Started = Connect.Started.openapi("ConnectionStarted");
const pathId = (name: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name, in: "path" } });
const AttemptParams = WorkspaceParams.extend({ attemptId: pathId("attemptId") });
const AccountParams = WorkspaceParams.extend({ accountId: pathId("accountId") });
const errorCodes = callbackErrors.map((code) => `- \`${code}\`: ${catalogue[code].fix}`).join("\n");

export function connectRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/connections",
      tags,
      security,
      operationId: "startConnection",
      summary: "Connect a social account (admins and owners)",
      description:
        "OAuth networks answer with `authorizationUrl`: send the browser there; the network sends it back through `/connect/{network}/callback` to `returnTo`. Bluesky connects at once with `identifier` and `appPassword`. Mastodon needs `server`.",
      request: {
        params: WorkspaceParams,
        ...body(Connect.StartInput.openapi("ConnectionStart")),
      },
      responses: { 201: json(Started, "Started, or connected"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await Connect.start(c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/connections/{attemptId}",
      tags,
      security,
      operationId: "getConnection",
      summary: "A connection in progress, with the pages or channels to pick from",
      request: { params: AttemptParams },
      responses: {
        200: json(Connect.Pending.openapi("ConnectionInProgress"), "The connection"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json(await Connect.pending(c.req.valid("param").attemptId), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/connections/{attemptId}/accounts",
      tags,
      security,
      operationId: "connectPickedAccounts",
      summary: "Connect the picked pages, organizations, boards, channels or locations",
      request: {
        params: AttemptParams,
        ...body(Connect.PickInput.omit({ attemptId: true }).openapi("ConnectionPick")),
      },
      responses: {
        201: json(z.object({ items: z.array(AccountInfo) }), "One account per pick"),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { attemptId } = c.req.valid("param");
      const items = await Connect.pick({ ...c.req.valid("json"), attemptId });
      return c.json({ items }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/accounts/{accountId}/reconnect",
      tags,
      security,
      operationId: "reconnectAccount",
      summary: "Connect an account again; it keeps its id, posts and settings",
      request: {
        params: AccountParams,
        ...body(Connect.ReconnectInput.omit({ accountId: true }).openapi("Reconnect")),
      },
      responses: { 200: json(Started, "Started, or reconnected"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { accountId } = c.req.valid("param");
      return c.json(await Connect.reconnect({ ...c.req.valid("json"), accountId }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/accounts/{accountId}/disconnect-preview",
      tags,
      security,
      operationId: "previewDisconnect",
      summary: "The posts disconnecting an account would hold",
      description:
        "Each scheduled or awaiting-approval post of the account, soonest first: disconnecting holds them, and reconnecting the account schedules them again.",
      request: { params: AccountParams },
      responses: {
        200: json(Connect.DisconnectPreview.openapi("DisconnectPreview"), "What would be held"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) =>
      c.json(await Connect.disconnectPreview({ accountId: c.req.valid("param").accountId }), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workspaces/{workspaceId}/accounts/{accountId}",
      tags,
      security,
      operationId: "disconnectAccount",
      summary: "Disconnect an account",
      description:
        "Revokes Cadence's access at the network where it can and forgets the tokens. The account's scheduled and awaiting-approval posts are held (state `held`) and go back to waiting when the account is reconnected. The account stays, `disconnected`, for the history of its posts; one never used is deleted.",
      request: { params: AccountParams },
      responses: {
        200: json(z.object({ status: z.enum(["deleted", "disconnected"]) }), "Disconnected"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) =>
      c.json(await Connect.disconnect({ accountId: c.req.valid("param").accountId }), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/connect/{network}/callback",
      tags,
      operationId: "connectCallback",
      // Public: no bearer token.
      security: [],
      summary: "Where networks send the browser back after authorizing (no token needed)",
      description: `Redirects to the \`returnTo\` given when the connection started, with \`connected=<accountId>\`, \`attempt=<id>&pick=1\` (pick pages or channels), or \`error=<code>\`:\n${errorCodes}\n\nWithout a \`returnTo\` it answers with JSON instead.`,
      request: {
        params: z.object({ network: pathId("network") }),
        query: z.object({
          code: z.string().optional(),
          state: z.string().optional(),
          error: z.string().optional(),
          error_description: z.string().optional(),
        }),
      },
      responses: {
        200: json(
          z.object({ connected: z.string().optional(), attempt: z.string().optional() }),
          "Connected (when no returnTo was given)",
        ),
        302: { description: "Back to the site, with the outcome in the query" },
        ...problems(400, 404),
      },
    }),
    async (c) => {
      const params = new URL(c.req.url).searchParams;
      const outcome = await Connect.callback(c.req.valid("param").network, params);
      // The code stays out of the site's logs and analytics: no Referer, no caching.
      c.header("referrer-policy", "no-referrer");
      c.header("cache-control", "no-store");
      return answer(c, outcome) as never;
    },
  );

  return app;
}

function answer(c: Context<ApiEnv>, outcome: CallbackOutcome): Response {
  const query: Record<string, string> =
    outcome.kind === "connected"
      ? { connected: outcome.accountId }
      : outcome.kind === "pick"
        ? { attempt: outcome.attemptId, pick: "1" }
        : { error: outcome.code };
  if (outcome.returnTo) return c.redirect(withOutcome(outcome.returnTo, query), 302);
  if (outcome.kind === "error") {
    return problem(c, outcome.code);
  }
  return c.json(
    outcome.kind === "connected"
      ? { connected: outcome.accountId }
      : { attempt: outcome.attemptId },
    200,
  );
}
