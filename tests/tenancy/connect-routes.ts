import { connectAccount } from "../support/accounts.ts";
import { call } from "../support/api.ts";
import {
  authorizeOnNetwork,
  followCallback,
  siteReturn,
  startConnection,
  unique,
} from "../support/connecting.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

const base = (team: Team) => `/workspaces/${team.workspaceId}`;

/** A connection started by the owner: pending at X, or (Facebook) waiting for a pick. */
async function attemptOf(team: Team, stage: "pending" | "picking") {
  const network = stage === "pending" ? "x" : "facebook";
  const started = await startConnection(team.owner, team.workspaceId, { network });
  const attemptId = started.body.attemptId ?? "";
  if (stage === "pending") return { attemptId, pages: [] as string[] };
  const back = await authorizeOnNetwork(started.body.authorizationUrl ?? "", unique("tenant"));
  await followCallback(back);
  const pending = await call<{ subAccounts: { externalId: string }[] }>(
    "GET",
    `${base(team)}/connections/${attemptId}`,
    { token: team.owner.accessToken },
  );
  return { attemptId, pages: pending.body.subAccounts.map((s) => s.externalId) };
}

/** The public routes: networks call them, with no bearer token. */
export const connectOpenRoutes = [
  "GET /connect/{network}/callback",
  "GET /webhooks/{network}",
  "POST /webhooks/{network}",
];

/** Connecting, reconnecting and disconnecting accounts, and post metrics, with who may call each. */
export const connectRoutes: WorkspaceRoute[] = [
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/connections",
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/connections`,
      body: { network: "x", returnTo: siteReturn() },
    }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/connections/{attemptId}",
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/connections/${(await attemptOf(t, "pending")).attemptId}`,
    }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/connections/{attemptId}/accounts",
    minimum: "admin",
    request: async (t) => {
      const { attemptId, pages } = await attemptOf(t, "picking");
      return {
        path: `${base(t)}/connections/${attemptId}/accounts`,
        body: { externalIds: pages.slice(0, 1) },
      };
    },
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/accounts/{accountId}/reconnect",
    minimum: "admin",
    request: async (t) => {
      const account = await connectAccount(t.owner, t.workspaceId, "x");
      return {
        path: `${base(t)}/accounts/${account.id}/reconnect`,
        body: { returnTo: siteReturn() },
      };
    },
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/accounts/{accountId}/disconnect-preview",
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/accounts/${(await connectAccount(t.owner, t.workspaceId, "x")).id}/disconnect-preview`,
    }),
  },
  {
    method: "DELETE",
    path: "/workspaces/{workspaceId}/accounts/{accountId}",
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/accounts/${(await connectAccount(t.owner, t.workspaceId, "mastodon")).id}`,
    }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/posts/{postId}/metrics",
    minimum: "viewer",
    request: async (t) => {
      const account = await connectAccount(t.owner, t.workspaceId, "x");
      const post = await call<{ id: string }>("POST", `${base(t)}/posts`, {
        token: t.owner.accessToken,
        body: { text: "Metrics check", targets: [{ accountId: account.id }] },
      });
      return { path: `${base(t)}/posts/${post.body.id}/metrics` };
    },
  },
];
