import { connectAccount } from "../support/accounts.ts";
import { call } from "../support/api.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

const base = (team: Team) => `/workspaces/${team.workspaceId}/autorepost-rules`;
const one = "/workspaces/{workspaceId}/autorepost-rules/{ruleId}";

const accounts = new Map<string, Promise<{ source: string; target: string }>>();
/** A Bluesky source and an X target per team (no stored tokens: a run reports the source error). */
function accountsOf(team: Team): Promise<{ source: string; target: string }> {
  let found = accounts.get(team.workspaceId);
  if (!found) {
    found = (async () => {
      const id = crypto.randomUUID().slice(0, 8);
      const source = await connectAccount(team.owner, team.workspaceId, "bluesky", {
        handle: `ar-src-${id}.test`,
      });
      const target = await connectAccount(team.owner, team.workspaceId, "x", {
        handle: `ar-x-${id}`,
      });
      return { source: source.id, target: target.id };
    })();
    accounts.set(team.workspaceId, found);
  }
  return found;
}

async function ruleBody(team: Team) {
  const { source, target } = await accountsOf(team);
  return { name: "Repost", sourceAccountId: source, targets: [{ accountId: target }] };
}

/** A fresh rule of the team's, for routes that change or remove one. */
async function disposable(team: Team): Promise<{ id: string; version: number }> {
  const created = await call<{ id: string; version: number }>("POST", base(team), {
    token: team.owner.accessToken,
    body: await ruleBody(team),
  });
  return created.body;
}

/** Autorepost rules, with who may call each. */
export const autorepostRoutes: WorkspaceRoute[] = [
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/autorepost-rules",
    minimum: "viewer",
    request: async (t) => ({ path: base(t) }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/autorepost-rules",
    minimum: "admin",
    request: async (t) => ({ path: base(t), body: await ruleBody(t) }),
  },
  {
    method: "GET",
    path: one,
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/${(await disposable(t)).id}` }),
  },
  {
    method: "PATCH",
    path: one,
    minimum: "admin",
    request: async (t) => {
      const rule = await disposable(t);
      return { path: `${base(t)}/${rule.id}`, body: { name: "Renamed", version: rule.version } };
    },
  },
  {
    method: "DELETE",
    path: one,
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/${(await disposable(t)).id}` }),
  },
  {
    method: "POST",
    path: `${one}/run`,
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/${(await disposable(t)).id}/run` }),
  },
];
