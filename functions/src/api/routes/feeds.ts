import { Feed } from "@cadence/core/feed";
import { createRoute, z } from "@hono/zod-openapi";
import { json, problems, security, WorkspaceParams } from "../schemas.ts";
import { versionedCollection } from "../versioned.ts";

/** RSS, Atom and JSON feeds whose new entries become posts, and fetching one now. */
export function feedRoutes() {
  const app = versionedCollection({
    name: "Feed",
    noun: { one: "feed", many: "Feeds" },
    segment: "feeds",
    idParam: "feedId",
    tag: "Feeds",
    info: Feed.Info,
    list: { summary: "The workspace's feeds", run: () => Feed.list() },
    create: {
      input: Feed.CreateInput,
      summary: "Turn a feed's new entries into posts (owners and admins)",
      description:
        "Cadence fetches the address at once and refuses it with 400 `feed_unreachable` or " +
        "`not_a_feed` when it is not a public https RSS, Atom or JSON feed. Then every 10 " +
        "minutes it fetches the feed (sending back its ETag and Last-Modified) and makes a post " +
        "of each new entry for the accounts, from the template (`{title}`, `{summary}`, " +
        "`{link}`, `{feed}`) with the entry's image. The first fetch posts only the newest " +
        `\`backfill\` entries. A feed that fails ${Feed.pauseAfter} fetches in a row is paused ` +
        "and the workspace's admins are told.",
      problems: [409],
      run: (input) => Feed.create(input),
    },
    get: {
      summary: "One feed, with its last fetch, its last error and the posts it made",
      run: (feedId) => Feed.get(feedId),
    },
    update: {
      input: Feed.UpdateInput.omit({ feedId: true, expectedVersion: true }),
      summary: "Change, pause or turn back on a feed (send the version you edited)",
      description:
        "Send the version you edited as `If-Match` or `version`; a stale one answers 412. A " +
        "feed turned back on starts a new failure count; a new address is checked as on creation.",
      run: (feedId, changes, expectedVersion) =>
        Feed.update({ ...changes, feedId, expectedVersion }),
    },
    remove: {
      summary: "Delete a feed; the posts it made stay as they are",
      run: async (feedId) => {
        await Feed.remove({ feedId });
      },
    },
  });

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/feeds/{feedId}/run",
      tags: ["Feeds"],
      security,
      operationId: "runFeed",
      summary: "Fetch the feed now and post what is new (owners and admins)",
      description:
        "Does at once what the 10-minute run does, paused feeds included (to check a fixed " +
        "address before turning the feed back on). When the feed cannot be fetched the answer " +
        "says why in `error`.",
      request: {
        params: WorkspaceParams.extend({
          feedId: z
            .string()
            .regex(/^[\w-]{1,64}$/, "use a feed id")
            .openapi({ param: { name: "feedId", in: "path" } }),
        }),
      },
      responses: {
        200: json(Feed.PollResult.openapi("FeedRun"), "What this fetch did"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await Feed.run({ feedId: c.req.valid("param").feedId }), 200),
  );
  return app;
}
