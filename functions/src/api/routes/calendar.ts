import { Account } from "@cadence/core/account";
import { Calendar } from "@cadence/core/calendar";
import { TargetInfo } from "@cadence/core/post";
import { Queue } from "@cadence/core/queue";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, versionFrom, WorkspaceParams } from "../schemas.ts";

const AccountInfo = Account.Info.openapi("Account");
const AccountParams = WorkspaceParams.extend({
  accountId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "accountId", in: "path" } }),
});
const QueueEntry = z
  .object({
    targetId: z.string(),
    postId: z.string(),
    state: TargetInfo.shape.state,
    dueAt: z.string(),
    text: z.string(),
  })
  .openapi("QueueEntry");

export function calendarRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/calendar",
      tags: ["Calendar"],
      security,
      operationId: "listCalendar",
      summary: "Targets due in a time range (a day, week or month), filterable",
      request: { params: WorkspaceParams, query: Calendar.Input.openapi("CalendarQuery") },
      responses: {
        200: json(
          z.object({
            items: z.array(Calendar.Entry.openapi("CalendarEntry")),
            cursor: z.string().nullable(),
          }),
          "Entries",
        ),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => c.json(await Calendar.list(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/accounts",
      tags: ["Accounts"],
      security,
      operationId: "listAccounts",
      summary: "Connected social accounts with their status and posting slots",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ items: z.array(AccountInfo) }), "Accounts"),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json({ items: await Account.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/workspaces/{workspaceId}/accounts/{accountId}/slots",
      tags: ["Accounts"],
      security,
      operationId: "setAccountSlots",
      summary: "Set an account's posting slots (local times per weekday) and zone",
      request: {
        params: AccountParams,
        ...body(
          Account.SlotsInput.omit({ accountId: true, expectedVersion: true })
            .extend({ version: z.number().int().positive().optional() })
            .openapi("PostingSlots"),
        ),
      },
      responses: { 200: json(AccountInfo, "Saved"), ...problems(400, 401, 403, 404, 412) },
    }),
    async (c) => {
      const { version, ...slots } = c.req.valid("json");
      const expectedVersion = versionFrom(c.req.header("if-match"), version);
      return c.json(
        await Account.setSlots({
          ...slots,
          accountId: c.req.valid("param").accountId,
          expectedVersion,
        }),
        200,
      );
    },
  );

  const toEntry = (t: Awaited<ReturnType<typeof Queue.upcoming>>[number]) => ({
    targetId: t.targetId,
    postId: t.postId,
    state: t.state,
    dueAt: t.dueAt ?? "",
    text: t.preview,
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/accounts/{accountId}/queue",
      tags: ["Accounts"],
      security,
      operationId: "getAccountQueue",
      summary: "What the account will post next, in order",
      request: { params: AccountParams },
      responses: {
        200: json(z.object({ items: z.array(QueueEntry) }), "The queue"),
        ...problems(401, 404),
      },
    }),
    async (c) =>
      c.json({ items: (await Queue.upcoming(c.req.valid("param").accountId)).map(toEntry) }, 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/workspaces/{workspaceId}/accounts/{accountId}/queue",
      tags: ["Accounts"],
      security,
      operationId: "reorderAccountQueue",
      summary: "Reorder queued posts: they swap times in the order given",
      request: {
        params: AccountParams,
        ...body(Queue.ReorderInput.omit({ accountId: true }).openapi("QueueOrder")),
      },
      responses: {
        200: json(z.object({ items: z.array(QueueEntry) }), "The new queue"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const items = await Queue.reorder({
        ...c.req.valid("json"),
        accountId: c.req.valid("param").accountId,
      });
      return c.json({ items: items.map(toEntry) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workspaces/{workspaceId}/accounts/{accountId}/queue/{targetId}",
      tags: ["Accounts"],
      security,
      operationId: "removeFromAccountQueue",
      summary: "Take a post out of this account's queue",
      description:
        "This account's copy is canceled; the post's other accounts keep theirs. A post left with nothing to send is canceled. Answers the queue as it is now.",
      request: {
        params: AccountParams.extend({
          targetId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: "targetId", in: "path" } }),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(QueueEntry) }), "The queue without it"),
        ...problems(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const items = await Queue.remove(c.req.valid("param"));
      return c.json({ items: items.map(toEntry) }, 200);
    },
  );

  return app;
}
