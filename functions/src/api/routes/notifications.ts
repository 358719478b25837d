import { eventSpecs, eventTypes } from "@cadence/core/event";
import { Notification } from "@cadence/core/notification";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";

const Info = Notification.Info;
const Preferences = Notification.Preferences;
const tags = ["Notifications"];

const NotificationParams = WorkspaceParams.extend({
  notificationId: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: "notificationId", in: "path" } }),
});

/** The bell, its list, each person's channels per event, and one-click unsubscribe. */
export function notificationRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/notifications",
      tags,
      security,
      operationId: "listNotifications",
      summary: "The signed-in person's notifications, newest first, with the unread count",
      request: {
        params: WorkspaceParams,
        query: Notification.ListInput.openapi("NotificationQuery"),
      },
      responses: {
        200: json(
          z.object({
            items: z.array(Info),
            cursor: z.string().nullable(),
            unread: z.number(),
          }),
          "Notifications",
        ),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await Notification.list(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/notifications/unread-count",
      tags,
      security,
      operationId: "countUnreadNotifications",
      summary: "How many notifications the signed-in person has not read (the bell)",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ unread: z.number() }), "The count"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json(await Notification.count(), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/notifications/read-all",
      tags,
      security,
      operationId: "markAllNotificationsRead",
      summary: "Mark every notification read",
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ marked: z.number() }), "How many were marked"),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => c.json(await Notification.markAllRead(), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/notifications/{notificationId}/read",
      tags,
      security,
      operationId: "markNotificationRead",
      summary: "Mark one notification read",
      request: { params: NotificationParams },
      responses: { 200: json(Info, "The notification"), ...problems(401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await Notification.markRead({ notificationId: c.req.valid("param").notificationId }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/notification-preferences",
      tags,
      security,
      operationId: "getNotificationPreferences",
      summary:
        "How the signed-in person is told of each event: in app, email, both, none or digest",
      request: { params: WorkspaceParams },
      responses: { 200: json(Preferences, "Preferences"), ...problems(401, 403, 404) },
    }),
    async (c) => c.json(await Notification.preferences(), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/workspaces/{workspaceId}/notification-preferences",
      tags,
      security,
      operationId: "updateNotificationPreferences",
      summary: "Change channels per event, the digest's time zone, or mail on/off",
      request: {
        params: WorkspaceParams,
        ...body(Notification.PreferencesUpdate.openapi("NotificationPreferencesUpdate")),
      },
      responses: { 200: json(Preferences, "Saved"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await Notification.updatePreferences(c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/unsubscribe",
      tags,
      // The signed token in the link is the credential: mail clients post here with no session.
      security: [],
      operationId: "unsubscribeFromMail",
      summary: "One-click unsubscribe (RFC 8058) from a workspace's notification mail",
      description:
        "The List-Unsubscribe URL of every notification mail. Mail clients POST `List-Unsubscribe=One-Click` as a form; the body is not needed.",
      request: { query: Notification.UnsubscribeInput.openapi("UnsubscribeQuery") },
      responses: {
        200: json(z.object({ unsubscribed: z.literal(true) }), "No more notification mail"),
        ...problems(400),
      },
    }),
    async (c) => c.json(await Notification.unsubscribe(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/event-types",
      tags,
      security: [],
      operationId: "listEventTypes",
      summary: "Every event type, its payload version, who is told and the default channel",
      responses: {
        200: json(
          z.object({
            items: z.array(
              z.object({
                type: z.string(),
                version: z.number(),
                label: z.string(),
                audience: z.enum(["author", "admins"]),
                defaultChannel: z.string(),
              }),
            ),
          }),
          "Event types",
        ),
      },
    }),
    (c) =>
      c.json(
        {
          items: eventTypes.map((type) => ({
            type,
            version: eventSpecs[type].version,
            label: eventSpecs[type].label,
            audience: eventSpecs[type].audience,
            defaultChannel: eventSpecs[type].channel,
          })),
        },
        200,
      ),
  );

  return app;
}
