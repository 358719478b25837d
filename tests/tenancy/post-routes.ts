import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DateTime } from "luxon";
import { connectAccount } from "../support/accounts.ts";
import { call } from "../support/api.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

const base = (team: Team) => `/workspaces/${team.workspaceId}`;
const later = (days: number) =>
  `${DateTime.now().setZone("UTC").plus({ days }).toFormat("yyyy-MM-dd")}T10:00`;

const accounts = new Map<string, Promise<string>>();
/** One Mastodon account per team, with posting slots every day, for queue routes. */
function accountOf(team: Team): Promise<string> {
  let account = accounts.get(team.workspaceId);
  if (!account) {
    account = (async () => {
      const connected = await connectAccount(team.owner, team.workspaceId, "mastodon");
      const daily = Object.fromEntries(
        ["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, ["08:00", "12:00", "18:00"]]),
      );
      await call("PUT", `${base(team)}/accounts/${connected.id}/slots`, {
        token: team.owner.accessToken,
        body: { timeZone: "UTC", slots: daily },
      });
      return connected.id;
    })();
    accounts.set(team.workspaceId, account);
  }
  return account;
}

async function disposablePost(
  team: Team,
  schedule: Record<string, unknown> = { mode: "at", at: later(20), timeZone: "UTC" },
) {
  const created = await call<{ id: string; version: number; targets: { id: string }[] }>(
    "POST",
    `${base(team)}/posts`,
    {
      token: team.owner.accessToken,
      body: { text: "Tenancy check", targets: [{ accountId: await accountOf(team) }], schedule },
    },
  );
  return created.body;
}

/** A post an editor submitted while the workspace asked for approval. */
async function pendingPost(team: Team) {
  const toggle = async (approvalRequired: boolean) => {
    const current = await call<{ version: number }>("GET", base(team), {
      token: team.owner.accessToken,
    });
    await call("PATCH", base(team), {
      token: team.owner.accessToken,
      body: { approvalRequired, version: current.body.version },
    });
  };
  await toggle(true);
  try {
    const created = await call<{ id: string }>("POST", `${base(team)}/posts`, {
      token: team.editor.accessToken,
      body: {
        text: "Waiting",
        targets: [{ accountId: await accountOf(team) }],
        schedule: { mode: "at", at: later(21), timeZone: "UTC" },
      },
    });
    return created.body;
  } finally {
    await toggle(false);
  }
}

const calendarRange = () =>
  `from=${encodeURIComponent(DateTime.now().toUTC().toISO() ?? "")}&to=${encodeURIComponent(DateTime.now().plus({ days: 30 }).toUTC().toISO() ?? "")}`;

/** A dead publish message of the team's, in its list. */
async function deadLetterOf(team: Team): Promise<string> {
  const post = await disposablePost(team);
  const dlq = JSON.parse(process.env.SST_RESOURCE_PublishDlq ?? "{}").url as string;
  await new SQSClient({}).send(
    new SendMessageCommand({
      QueueUrl: dlq,
      MessageBody: JSON.stringify({
        workspaceId: team.workspaceId,
        targetId: post.targets[0]?.id,
        version: 1,
      }),
    }),
  );
  const list = await call<{ items: { id: string; targetId: string }[] }>(
    "GET",
    `${base(team)}/dead-letters`,
    {
      token: team.owner.accessToken,
    },
  );
  return list.body.items.find((i) => i.targetId === post.targets[0]?.id)?.id ?? "missing";
}

/** A target that failed (an account whose grant is gone), to retry. */
async function failedTarget(team: Team) {
  const post = await disposablePost(team, { mode: "draft" });
  const targetId = post.targets[0]?.id ?? "";
  const { db } = await import("@cadence/core/db/service");
  await db()
    .entities.target.patch({ workspaceId: team.workspaceId, postId: post.id, targetId })
    .set({ state: "failed", errorCode: "rejected", errorMessage: "Refused by the network." })
    .go();
  return { postId: post.id, targetId };
}

/** Posts, approvals, calendar and accounts, with who may call each. */
export const postRoutes: WorkspaceRoute[] = [
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/posts",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/posts` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts",
    minimum: "editor",
    request: async (t) => ({
      path: `${base(t)}/posts`,
      body: { text: "New", targets: [{ accountId: await accountOf(t) }] },
    }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/check",
    minimum: "editor",
    request: async (t) => ({
      path: `${base(t)}/posts/check`,
      body: { text: "Fine?", targets: [{ accountId: await accountOf(t) }] },
    }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/posts/{postId}",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/posts/${(await disposablePost(t)).id}` }),
  },
  {
    method: "PATCH",
    path: "/workspaces/{workspaceId}/posts/{postId}",
    minimum: "editor",
    request: async (t) => {
      const post = await disposablePost(t);
      return {
        path: `${base(t)}/posts/${post.id}`,
        body: { version: post.version, text: "Edited" },
      };
    },
  },
  {
    method: "DELETE",
    path: "/workspaces/{workspaceId}/posts/{postId}",
    minimum: "editor",
    request: async (t) => ({ path: `${base(t)}/posts/${(await disposablePost(t)).id}` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/{postId}/schedule",
    minimum: "editor",
    request: async (t) => {
      const post = await disposablePost(t);
      return {
        path: `${base(t)}/posts/${post.id}/schedule`,
        body: { version: post.version, schedule: { mode: "at", at: later(25), timeZone: "UTC" } },
      };
    },
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/{postId}/pause",
    minimum: "editor",
    request: async (t) => ({ path: `${base(t)}/posts/${(await disposablePost(t)).id}/pause` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/{postId}/resume",
    minimum: "editor",
    request: async (t) => {
      const post = await disposablePost(t);
      await call("POST", `${base(t)}/posts/${post.id}/pause`, { token: t.owner.accessToken });
      return { path: `${base(t)}/posts/${post.id}/resume` };
    },
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/{postId}/cancel",
    minimum: "editor",
    request: async (t) => ({ path: `${base(t)}/posts/${(await disposablePost(t)).id}/cancel` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/{postId}/duplicate",
    minimum: "editor",
    request: async (t) => ({ path: `${base(t)}/posts/${(await disposablePost(t)).id}/duplicate` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/{postId}/approve",
    exclusive: true,
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/posts/${(await pendingPost(t)).id}/approve` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/{postId}/reject",
    exclusive: true,
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/posts/${(await pendingPost(t)).id}/reject`,
      body: { comment: "Not yet" },
    }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/posts/{postId}/targets/{targetId}/retry",
    minimum: "editor",
    request: async (t) => {
      const { postId, targetId } = await failedTarget(t);
      return { path: `${base(t)}/posts/${postId}/targets/${targetId}/retry` };
    },
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/dead-letters",
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/dead-letters` }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/dead-letters/{deadLetterId}/redrive",
    exclusive: true,
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/dead-letters/${await deadLetterOf(t)}/redrive` }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/approvals",
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/approvals` }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/calendar",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/calendar?${calendarRange()}` }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/accounts",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/accounts` }),
  },
  {
    method: "PUT",
    path: "/workspaces/{workspaceId}/accounts/{accountId}/slots",
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/accounts/${await accountOf(t)}/slots`,
      body: {
        timeZone: "UTC",
        slots: Object.fromEntries(
          ["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, ["08:00", "12:00", "18:00"]]),
        ),
      },
    }),
  },
  {
    method: "GET",
    path: "/workspaces/{workspaceId}/accounts/{accountId}/queue",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/accounts/${await accountOf(t)}/queue` }),
  },
  {
    method: "PUT",
    path: "/workspaces/{workspaceId}/accounts/{accountId}/queue",
    minimum: "editor",
    request: async (t) => {
      const a = await disposablePost(t, { mode: "queue" });
      const b = await disposablePost(t, { mode: "queue" });
      return {
        path: `${base(t)}/accounts/${await accountOf(t)}/queue`,
        body: { targetIds: [b.targets[0]?.id, a.targets[0]?.id] },
      };
    },
  },
  {
    method: "DELETE",
    path: "/workspaces/{workspaceId}/accounts/{accountId}/queue/{targetId}",
    minimum: "editor",
    request: async (t) => {
      const queued = await disposablePost(t, { mode: "queue" });
      return { path: `${base(t)}/accounts/${await accountOf(t)}/queue/${queued.targets[0]?.id}` };
    },
  },
];
