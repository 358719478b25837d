import { connectAccount } from "../support/accounts.ts";
import { networksUrl } from "../support/publishing.ts";
import { runnableCollectionRoutes } from "./collection-routes.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

const setups = new Map<string, Promise<{ accountId: string; url: string }>>();
/** A sandbox feed and an account per team, made once. */
function setupOf(team: Team): Promise<{ accountId: string; url: string }> {
  let found = setups.get(team.workspaceId);
  if (!found) {
    found = (async () => {
      const id = crypto.randomUUID().slice(0, 8);
      const account = await connectAccount(team.owner, team.workspaceId, "mastodon", {
        handle: `feed-${id}`,
      });
      const url = `${networksUrl()}/feeds/tenancy-${id}`;
      await fetch(url, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          entries: [
            {
              id: `${id}-1`,
              title: "Tenancy entry",
              link: `https://news.example/${id}`,
              publishedAt: "2026-11-01T00:00:00Z",
            },
          ],
        }),
      });
      return { accountId: account.id, url };
    })();
    setups.set(team.workspaceId, found);
  }
  return found;
}

async function feedBody(team: Team) {
  const { accountId, url } = await setupOf(team);
  return { name: "News", url, accountIds: [accountId], scheduleMode: "draft", backfill: 0 };
}

/** Feeds, with who may call each. */
export const feedRoutes: WorkspaceRoute[] = runnableCollectionRoutes({
  segment: "feeds",
  idParam: "feedId",
  writer: "admin",
  body: feedBody,
});
