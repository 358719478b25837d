import { Autorepost } from "@cadence/core/autorepost";
import { createRoute, z } from "@hono/zod-openapi";
import { json, problems, security, WorkspaceParams } from "../schemas.ts";
import { versionedCollection } from "../versioned.ts";

/** Rules that repost an account's new posts to other accounts, and running one now. */
export function autorepostRoutes() {
  const app = versionedCollection({
    name: "AutorepostRule",
    noun: { one: "rule", many: "Rules" },
    segment: "autorepost-rules",
    idParam: "ruleId",
    tag: "Autorepost",
    info: Autorepost.Info,
    list: { summary: "The workspace's autorepost rules", run: () => Autorepost.list() },
    create: {
      input: Autorepost.CreateInput,
      summary: "Repost an account's new posts to other accounts (owners and admins)",
      description:
        "Every 5 minutes Cadence reads the source account's new posts and makes a post of each " +
        "that passes the rule's filters for the targets, with the template's text (`{caption}`, " +
        "`{hashtags}`, `{link}`, `{source}`) and the source's files fitted to each target. Posts " +
        "made before the rule never are. A rule that would repost back to its own source " +
        "through the workspace's rules is refused with 409 `autorepost_loop`. Sources can be " +
        `accounts on ${Autorepost.sourceNetworks.join(", ")}.`,
      problems: [409],
      run: (input) => Autorepost.create(input),
    },
    get: {
      summary: "One autorepost rule, with the source posts it last left out and why",
      run: (ruleId) => Autorepost.get(ruleId),
    },
    update: {
      input: Autorepost.UpdateInput.omit({ ruleId: true, expectedVersion: true }),
      summary: "Change or pause a rule (send the version you edited)",
      description:
        "Send the version you edited as `If-Match` or `version`; a stale one answers 412. A rule " +
        "switched back on, or given another source, starts from that moment: nothing is backfilled.",
      run: (ruleId, changes, expectedVersion) =>
        Autorepost.update({ ...changes, ruleId, expectedVersion }),
    },
    remove: {
      summary: "Delete a rule; the posts it made stay as they are",
      run: async (ruleId) => {
        await Autorepost.remove({ ruleId });
      },
    },
  });

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/autorepost-rules/{ruleId}/run",
      tags: ["Autorepost"],
      security,
      operationId: "runAutorepostRule",
      summary: "Check the source now and repost what is new (owners and admins)",
      description:
        "Does at once what the 5-minute run does. When the source cannot be read (its account " +
        "needs reconnecting, the network is down) the answer says why in `error`.",
      request: {
        params: WorkspaceParams.extend({
          ruleId: z
            .string()
            .regex(/^[\w-]{1,64}$/, "use a rule id")
            .openapi({ param: { name: "ruleId", in: "path" } }),
        }),
      },
      responses: {
        200: json(Autorepost.PollResult.openapi("AutorepostRun"), "What this run did"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await Autorepost.run({ ruleId: c.req.valid("param").ruleId }), 200),
  );
  return app;
}
