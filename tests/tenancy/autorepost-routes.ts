import { connectAccount } from "../support/accounts.ts";
import { runnableCollectionRoutes } from "./collection-routes.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

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

/** Autorepost rules, with who may call each. */
export const autorepostRoutes: WorkspaceRoute[] = runnableCollectionRoutes({
  segment: "autorepost-rules",
  idParam: "ruleId",
  writer: "admin",
  body: ruleBody,
});
