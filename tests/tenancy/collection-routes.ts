import { call } from "../support/api.ts";
import type { Role, Team, WorkspaceRoute } from "./routes.ts";

/**
 * The six routes of a versioned workspace collection with a "run now" action (autorepost
 * rules, feeds): list and get for viewers, the writes and the run for `writer` and above. Each
 * call that needs an item gets a fresh one made by the owner from `body`.
 */
export function runnableCollectionRoutes(options: {
  segment: string;
  idParam: string;
  writer: Role;
  body: (team: Team) => Promise<Record<string, unknown>>;
}): WorkspaceRoute[] {
  const base = (team: Team) => `/workspaces/${team.workspaceId}/${options.segment}`;
  const list = `/workspaces/{workspaceId}/${options.segment}`;
  const one = `${list}/{${options.idParam}}`;
  const disposable = async (team: Team): Promise<{ id: string; version: number }> => {
    const created = await call<{ id: string; version: number }>("POST", base(team), {
      token: team.owner.accessToken,
      body: await options.body(team),
    });
    return created.body;
  };
  const path = async (team: Team, suffix = "") =>
    `${base(team)}/${(await disposable(team)).id}${suffix}`;
  return [
    { method: "GET", path: list, minimum: "viewer", request: async (t) => ({ path: base(t) }) },
    {
      method: "POST",
      path: list,
      minimum: options.writer,
      request: async (t) => ({ path: base(t), body: await options.body(t) }),
    },
    {
      method: "GET",
      path: one,
      minimum: "viewer",
      request: async (t) => ({ path: await path(t) }),
    },
    {
      method: "PATCH",
      path: one,
      minimum: options.writer,
      request: async (t) => {
        const item = await disposable(t);
        return { path: `${base(t)}/${item.id}`, body: { name: "Renamed", version: item.version } };
      },
    },
    {
      method: "DELETE",
      path: one,
      minimum: options.writer,
      request: async (t) => ({ path: await path(t) }),
    },
    {
      method: "POST",
      path: `${one}/run`,
      minimum: options.writer,
      request: async (t) => ({ path: await path(t, "/run") }),
    },
  ];
}
