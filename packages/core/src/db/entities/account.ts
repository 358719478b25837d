import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

export const accountStatuses = ["active", "reconnect_needed", "disconnected"] as const;

/**
 * A connected social account (or the page, organization, board, channel or location picked on
 * it). Posting slots say when "add to queue" posts go out, in the account's own time zone.
 */
export const AccountEntity = new Entity({
  model: { entity: "account", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    accountId: { type: "string", required: true, readOnly: true },
    network: { type: "string", required: true, readOnly: true },
    /** The network's id of what we post as (user, page, organization, channel…). */
    externalId: { type: "string", required: true },
    handle: { type: "string", required: true },
    displayName: { type: "string", required: true },
    avatarUrl: { type: "string" },
    profileUrl: { type: "string" },
    kind: { type: "string", required: true, default: "profile" },
    status: { type: accountStatuses, required: true, default: "active" },
    /** Why the account needs attention, in the network's words. */
    statusReason: { type: "string" },
    timeZone: { type: "string", required: true, default: "UTC" },
    /** ISO weekday ("1" Monday … "7" Sunday) → local times "HH:mm", sorted. */
    slots: { type: "any", required: true, default: () => ({}) },
    version: { type: "number", required: true, default: 1 },
    /**
     * `<network>#<id>` of the network user whose authorization the account rests on: the account
     * itself, or the person who picked this page or organization ("" before it is known).
     */
    grantKey: { type: "string", required: true, default: "" },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: ["accountId"], template: "account#${accountId}" },
    },
    // Reconnecting finds the existing account by what the network calls it.
    byExternal: {
      index: "gsi1",
      pk: {
        field: "gsi1pk",
        composite: ["workspaceId", "network", "externalId"],
        template: "ws#${workspaceId}#net#${network}#${externalId}",
      },
      sk: { field: "gsi1sk", composite: [], template: "account" },
    },
    // A network says a user removed Cadence (deauthorize webhooks): every account resting on
    // that user's authorization, across workspaces.
    byGrant: {
      index: "gsi2",
      // gsi2 projects keys only (db/table.ts): queries hydrate by primary key.
      projection: "keys_only",
      condition: (attr) => Boolean(attr.grantKey),
      pk: { field: "gsi2pk", composite: ["grantKey"], template: "grant#${grantKey}" },
      sk: { field: "gsi2sk", composite: ["accountId"], template: "account#${accountId}" },
    },
  },
});
export type AccountItem = EntityItem<typeof AccountEntity>;
