import { DateTime } from "luxon";
import { connectAccount } from "../support/accounts.ts";
import { call } from "../support/api.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

const base = (team: Team) => `/workspaces/${team.workspaceId}`;

const accounts = new Map<string, Promise<{ id: string; handle: string }>>();
/** One X account per team, for presets and imports to name. */
function accountOf(team: Team): Promise<{ id: string; handle: string }> {
  let account = accounts.get(team.workspaceId);
  if (!account) {
    account = connectAccount(team.owner, team.workspaceId, "x", {
      handle: `compose-${crypto.randomUUID().slice(0, 8)}`,
    });
    accounts.set(team.workspaceId, account);
  }
  return account;
}

async function disposable(team: Team, kind: "signatures" | "presets") {
  const body =
    kind === "signatures"
      ? { name: "Sign-off", text: "-- the team" }
      : { name: "Usual", targets: [{ accountId: (await accountOf(team)).id }] };
  const created = await call<{ id: string; version: number }>("POST", `${base(team)}/${kind}`, {
    token: team.owner.accessToken,
    body,
  });
  return created.body;
}

function savedSnippetRoutes(kind: "signatures" | "presets", param: string): WorkspaceRoute[] {
  const one = `/workspaces/{workspaceId}/${kind}/{${param}}`;
  return [
    {
      method: "GET",
      path: `/workspaces/{workspaceId}/${kind}`,
      minimum: "viewer",
      request: async (t) => ({ path: `${base(t)}/${kind}` }),
    },
    {
      method: "POST",
      path: `/workspaces/{workspaceId}/${kind}`,
      minimum: "editor",
      request: async (t) => ({
        path: `${base(t)}/${kind}`,
        body:
          kind === "signatures"
            ? { name: "New", text: "#cadence" }
            : { name: "New", targets: [{ accountId: (await accountOf(t)).id }] },
      }),
    },
    {
      method: "GET",
      path: one,
      minimum: "viewer",
      request: async (t) => ({ path: `${base(t)}/${kind}/${(await disposable(t, kind)).id}` }),
    },
    {
      method: "PATCH",
      path: one,
      minimum: "editor",
      request: async (t) => {
        const item = await disposable(t, kind);
        return {
          path: `${base(t)}/${kind}/${item.id}`,
          body: { name: "Renamed", version: item.version },
        };
      },
    },
    {
      method: "DELETE",
      path: one,
      minimum: "editor",
      request: async (t) => ({ path: `${base(t)}/${kind}/${(await disposable(t, kind)).id}` }),
    },
  ];
}

/** Signatures, presets, posts as files (import, export) and their jobs, with who may call each. */
export const composeRoutes: WorkspaceRoute[] = [
  ...savedSnippetRoutes("signatures", "signatureId"),
  ...savedSnippetRoutes("presets", "presetId"),
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/import",
    minimum: "editor",
    request: async (t) => ({
      path: `${base(t)}/posts/import?dryRun=true`,
      body: { csv: `text,accounts\nFrom a file,${(await accountOf(t)).handle}\n` },
    }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/export",
    minimum: "viewer",
    request: async (t) => ({
      path: `${base(t)}/posts/export`,
      body: { format: "csv", from: DateTime.utc().toFormat("yyyy-MM") },
    }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/jobs/{jobId}",
    minimum: "viewer",
    request: async (t) => {
      // An export the owner started; polling it needs no worker.
      const started = await call<{ id: string }>("POST", `${base(t)}/posts/export`, {
        token: t.owner.accessToken,
        body: { format: "csv", from: DateTime.utc().toFormat("yyyy-MM") },
      });
      return { path: `${base(t)}/jobs/${started.body.id}` };
    },
  },
];
