import { Approval } from "@cadence/core/approval";
import { Post, PostInfo as PostSchema } from "@cadence/core/post";
import { Preset } from "@cadence/core/preset";
import { Schedule } from "@cadence/core/schedule";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";
import { expectedVersion as expectedVersionOf } from "../versioned.ts";

const tags = ["Posts"];
const PostInfo = PostSchema.openapi("Post");
const PostParams = WorkspaceParams.extend({
  postId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "postId", in: "path" } }),
});
const base = "/workspaces/{workspaceId}/posts";

export function postRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags,
      security,
      operationId: "listPosts",
      summary: "Posts created in a month, newest first",
      request: { params: WorkspaceParams, query: Post.ListInput.openapi("PostListQuery") },
      responses: {
        200: json(z.object({ items: z.array(PostInfo), cursor: z.string().nullable() }), "Posts"),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => c.json(await Post.list(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags,
      security,
      operationId: "createPost",
      summary: "Write a post for one or more accounts, as a draft or scheduled",
      description:
        "Content is checked against each network's rules before anything is scheduled. `schedule.mode`: draft, now, at (a local time in an IANA zone), queue (each account's next free posting slot), recurring (RFC 5545 RRULE in a zone) or evergreen. With `presetId`, the preset fills `targets` and `schedule` when the body leaves them out; what the body gives wins whole (its targets replace the preset's list).",
      request: { params: WorkspaceParams, ...body(Preset.PostInput.openapi("PostCreate")) },
      responses: { 201: json(PostInfo, "Created"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const post = await Post.create(await Preset.fill(c.req.valid("json")));
      c.header("location", `/workspaces/${c.req.valid("param").workspaceId}/posts/${post.id}`);
      c.header("etag", `"${post.version}"`);
      return c.json(post, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/check`,
      tags,
      security,
      operationId: "checkPost",
      summary: "The problems each network would find in a post, without saving it",
      description:
        "The same checks as scheduling (length counted each network's way, media type, size, duration and count, required fields), answered as a list instead of a 400, so a composer can flag a file a network will not take as soon as it is attached. With `schedule`, `due` says when each account's copy would go out (for `queue`, the free posting slot it would take; accounts without slots are left out).",
      request: { params: WorkspaceParams, ...body(Post.CheckInput.openapi("PostCheck")) },
      responses: {
        200: json(
          z
            .object({
              issues: z.array(
                z.object({
                  network: z.string(),
                  field: z.string(),
                  code: z.string(),
                  message: z.string(),
                  target: z.number().int(),
                }),
              ),
              due: z.array(
                z.object({ accountId: z.string(), dueAt: z.string(), timeZone: z.string() }),
              ),
            })
            .openapi("PostProblems"),
          "The problems, per target; empty when every network takes the post",
        ),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await Post.check(c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{postId}`,
      tags,
      security,
      operationId: "getPost",
      summary: "A post with each account's target: state, time, link, error",
      request: { params: PostParams },
      responses: { 200: json(PostInfo, "The post"), ...problems(401, 404) },
    }),
    async (c) => {
      const post = await Post.get(c.req.valid("param").postId);
      c.header("etag", `"${post.version}"`);
      return c.json(post, 200);
    },
  );

  const Update = Post.UpdateInput.omit({ postId: true, expectedVersion: true })
    .extend({ version: z.number().int().positive().optional() })
    .openapi("PostUpdate");

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{postId}`,
      tags,
      security,
      operationId: "updatePost",
      summary: "Edit content, accounts or schedule (send the version you edited)",
      request: { params: PostParams, ...body(Update) },
      responses: { 200: json(PostInfo, "Updated"), ...problems(400, 401, 403, 404, 409, 412, 428) },
    }),
    async (c) => {
      const { version, ...changes } = c.req.valid("json");
      const expectedVersion = expectedVersionOf(c, version);
      const post = await Post.update({
        ...changes,
        postId: c.req.valid("param").postId,
        expectedVersion,
      });
      c.header("etag", `"${post.version}"`);
      return c.json(post, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{postId}`,
      tags,
      security,
      operationId: "deletePost",
      summary: "Delete a post; what already went out stays on the networks",
      request: { params: PostParams },
      responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409, 412) },
    }),
    async (c) => {
      await Post.remove({ postId: c.req.valid("param").postId });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{postId}/schedule`,
      tags,
      security,
      operationId: "schedulePost",
      summary: "Reschedule, publish now ({mode: now}) or move to the queue",
      request: {
        params: PostParams,
        ...body(
          z
            .object({ schedule: Schedule.Intent, version: z.number().int().positive().optional() })
            .openapi("PostSchedule"),
        ),
      },
      responses: {
        200: json(PostInfo, "Rescheduled"),
        ...problems(400, 401, 403, 404, 409, 412, 428),
      },
    }),
    async (c) => {
      const { schedule, version } = c.req.valid("json");
      const expectedVersion = expectedVersionOf(c, version);
      return c.json(
        await Post.update({ postId: c.req.valid("param").postId, expectedVersion, schedule }),
        200,
      );
    },
  );

  const actions = [
    ["pause", "Pause: nothing goes out until it is resumed", Post.pause],
    ["resume", "Resume a paused post with its schedule", Post.resume],
    ["cancel", "Cancel every account that has not gone out yet", Post.cancel],
    ["approve", "Approve a post waiting for approval (owners and admins)", Approval.approve],
  ] as const;
  for (const [action, summary, operation] of actions) {
    app.openapi(
      createRoute({
        method: "post",
        path: `${base}/{postId}/${action}`,
        tags,
        security,
        operationId: `${action}Post`,
        summary,
        request: {
          params: PostParams,
          body: {
            required: false,
            content: {
              "application/json": {
                schema: z.object({ comment: z.string().max(2000).optional() }),
              },
            },
          },
        },
        responses: { 200: json(PostInfo, "Done"), ...problems(400, 401, 403, 404, 409, 412) },
      }),
      async (c) => {
        const input = await c.req.json().catch(() => ({}));
        const comment = typeof input?.comment === "string" ? input.comment : undefined;
        return c.json(await operation({ postId: c.req.valid("param").postId, comment }), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{postId}/reject`,
      tags,
      security,
      operationId: "rejectPost",
      summary: "Send a post back to its author with a comment (owners and admins)",
      request: {
        params: PostParams,
        ...body(z.object({ comment: Approval.RejectInput.shape.comment }).openapi("PostReject")),
      },
      responses: { 200: json(PostInfo, "Rejected"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await Approval.reject({ postId: c.req.valid("param").postId, ...c.req.valid("json") }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{postId}/duplicate`,
      tags,
      security,
      operationId: "duplicatePost",
      summary: "Copy a post into a new draft",
      request: { params: PostParams },
      responses: { 201: json(PostInfo, "The copy"), ...problems(401, 403, 404) },
    }),
    async (c) => c.json(await Post.duplicate({ postId: c.req.valid("param").postId }), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{postId}/targets/{targetId}/retry`,
      tags,
      security,
      operationId: "retryTarget",
      summary: "Publish a failed or needs-review target again, now",
      request: {
        params: PostParams.extend({
          targetId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: "targetId", in: "path" } }),
        }),
      },
      responses: { 200: json(PostInfo, "Retrying"), ...problems(401, 403, 404, 409, 412) },
    }),
    async (c) => c.json(await Post.retryTarget(c.req.valid("param")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/approvals",
      tags,
      security,
      operationId: "listApprovals",
      summary: "Posts waiting for approval (owners and admins)",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(PostInfo) }), "Waiting posts"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json({ items: await Approval.queue() }, 200),
  );

  return app;
}
