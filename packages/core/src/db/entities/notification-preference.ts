import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * How one person wants each kind of event in one workspace (in app, email, both, none, daily
 * digest), their time zone for the digest, and whether they unsubscribed from all mail. One item
 * per person and workspace, read by key at each fan-out; absent means the defaults of
 * event/catalog.ts.
 */
export const NotificationPreferenceEntity = new Entity({
  model: { entity: "notificationPreference", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    /** JSON: event type → channel, only the ones the person changed. */
    channels: { type: "string", required: true, default: "{}" },
    timeZone: { type: "string", required: true, default: "UTC" },
    /** Set by one-click unsubscribe from every mail of this workspace. */
    mailOff: { type: "boolean", required: true, default: false },
    /** Set while any event goes to the daily digest: the digest cron's shard (sparse index). */
    digestShard: { type: "string" },
    /** The last local day a digest went out for ("2026-12-03"): the claim that sends one a day. */
    digestDay: { type: "string", required: true, default: "" },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byPerson: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "userId"],
        template: "ws#${workspaceId}#notes#${userId}",
      },
      sk: { field: "sk", composite: [], template: "prefs" },
    },
    // The digest cron's walk over who takes a digest, spread over shards so no one partition
    // carries every person of the stage.
    byDigestShard: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["digestShard"], template: "digest#${digestShard}" },
      sk: {
        field: "gsi1sk",
        composite: ["workspaceId", "userId"],
        template: "${workspaceId}#${userId}",
      },
      condition: (attr) => Boolean(attr.digestShard),
    },
  },
});
export type NotificationPreferenceItem = EntityItem<typeof NotificationPreferenceEntity>;
