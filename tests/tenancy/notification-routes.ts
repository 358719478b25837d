import { db } from "@cadence/core/db/service";
import { call } from "../support/api.ts";
import type { Team, WorkspaceRoute } from "./routes.ts";

const base = (team: Team) => `/workspaces/${team.workspaceId}`;
const hooks = "/workspaces/{workspaceId}/webhook-endpoints";

/** One notice of the same event for every member, so each role can mark its own read. */
async function noticeForAll(team: Team): Promise<string> {
  const occurredAt = new Date().toISOString();
  const eventId = `evt_tenancy${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  for (const person of [team.owner, team.admin, team.editor, team.viewer]) {
    await db()
      .entities.notification.create({
        workspaceId: team.workspaceId,
        userId: person.userId,
        eventId,
        occurredAt,
        type: "account.connected",
        title: "A mastodon account was connected",
        body: "It can publish now.",
        link: "/app/connections",
        expiresAt: Math.floor(Date.now() / 1000) + 3_600,
      })
      .go();
  }
  return `${Date.parse(occurredAt).toString(36)}-${eventId}`;
}

/** A fresh endpoint of the team's, for routes that change or remove one. */
async function endpoint(team: Team): Promise<{ id: string; version: number }> {
  const created = await call<{ id: string; version: number }>(
    "POST",
    `${base(team)}/webhook-endpoints`,
    { token: team.owner.accessToken, body: { url: "https://example.com/cadence-hook" } },
  );
  return created.body;
}

const shared = new Map<string, Promise<{ id: string; version: number }>>();
/** One endpoint per team for the routes that keep it (a workspace may have ten at most). */
function sharedEndpoint(team: Team): Promise<{ id: string; version: number }> {
  let found = shared.get(team.workspaceId);
  if (!found) {
    found = endpoint(team);
    shared.set(team.workspaceId, found);
  }
  return found;
}

/** The shared endpoint's current version, for a change conditional on it. */
async function currentVersion(team: Team, id: string): Promise<number> {
  const list = await call<{ items: { id: string; version: number }[] }>(
    "GET",
    `${base(team)}/webhook-endpoints`,
    { token: team.owner.accessToken },
  );
  return list.body.items.find((e) => e.id === id)?.version ?? 1;
}

/** A finished (failed) delivery to a fresh endpoint, as the log keeps it. */
async function finishedDelivery(team: Team): Promise<string> {
  const made = await sharedEndpoint(team);
  const deliveryId = `dlv_tenancy${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await db()
    .entities.hookDelivery.create({
      workspaceId: team.workspaceId,
      endpointId: made.id,
      deliveryId,
      messageId: "msg_tenancy",
      eventType: "webhook.test",
      body: "{}",
      status: "failed",
      attempts: 1,
      finalAttempt: 1,
      expiresAt: Math.floor(Date.now() / 1000) + 3_600,
    })
    .go();
  return `${base(team)}/webhook-endpoints/${made.id}/deliveries/${deliveryId}/redeliver`;
}

/** Notifications (each person's own) and outbound webhook endpoints (owners and admins). */
export const notificationRoutes: WorkspaceRoute[] = [
  ...(
    [
      ["GET", "/notifications"],
      ["GET", "/notifications/unread-count"],
      ["POST", "/notifications/read-all"],
      ["GET", "/notification-preferences"],
    ] as const
  ).map(([method, path]) => ({
    method,
    path: `/workspaces/{workspaceId}${path}`,
    minimum: "viewer" as const,
    request: async (t: Team) => ({ path: `${base(t)}${path}` }),
  })),
  {
    method: "PUT",
    path: "/workspaces/{workspaceId}/notification-preferences",
    minimum: "viewer",
    request: async (t) => ({
      path: `${base(t)}/notification-preferences`,
      body: { channels: { "post.published": "email" } },
    }),
  },
  {
    method: "POST",
    path: "/workspaces/{workspaceId}/notifications/{notificationId}/read",
    minimum: "viewer",
    request: async (t) => ({ path: `${base(t)}/notifications/${await noticeForAll(t)}/read` }),
  },
  {
    method: "GET",
    path: hooks,
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/webhook-endpoints` }),
  },
  {
    method: "POST",
    path: hooks,
    minimum: "admin",
    request: async (t) => ({
      path: `${base(t)}/webhook-endpoints`,
      body: { url: "https://example.com/cadence-hook" },
    }),
  },
  {
    method: "PATCH",
    path: `${hooks}/{endpointId}`,
    minimum: "admin",
    exclusive: true,
    request: async (t) => {
      const made = await sharedEndpoint(t);
      return {
        path: `${base(t)}/webhook-endpoints/${made.id}`,
        body: { description: "Renamed", version: await currentVersion(t, made.id) },
      };
    },
  },
  {
    method: "DELETE",
    path: `${hooks}/{endpointId}`,
    minimum: "admin",
    request: async (t) => ({ path: `${base(t)}/webhook-endpoints/${(await endpoint(t)).id}` }),
  },
  {
    method: "POST",
    path: `${hooks}/{endpointId}/rotate-secret`,
    minimum: "admin",
    exclusive: true,
    request: async (t) => ({
      path: `${base(t)}/webhook-endpoints/${(await sharedEndpoint(t)).id}/rotate-secret`,
      body: { overlapHours: 1 },
    }),
  },
  {
    method: "POST",
    path: `${hooks}/{endpointId}/test`,
    minimum: "admin",
    exclusive: true,
    request: async (t) => ({
      path: `${base(t)}/webhook-endpoints/${(await sharedEndpoint(t)).id}/test`,
    }),
  },
  {
    method: "GET",
    path: `${hooks}/{endpointId}/deliveries`,
    minimum: "admin",
    exclusive: true,
    request: async (t) => ({
      path: `${base(t)}/webhook-endpoints/${(await sharedEndpoint(t)).id}/deliveries`,
    }),
  },
  {
    method: "POST",
    path: `${hooks}/{endpointId}/deliveries/{deliveryId}/redeliver`,
    minimum: "admin",
    request: async (t) => ({ path: await finishedDelivery(t) }),
  },
];
