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
    /**
     * Set while the workspace's plan allows fewer accounts than are connected (plan/pause.ts):
     * nothing publishes to it and its waiting posts are held until an upgrade resumes it.
     */
    pausedByPlan: { type: "boolean", required: true, default: false },
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
    /**
     * The hour of the day (UTC, "00"–"23") the metrics cron reads the account's own figures,
     * derived from its id so 10,000 accounts spread evenly over the day's 24 runs.
     */
    figuresHour: {
      type: "string",
      required: true,
      default: "",
      watch: ["accountId"],
      set: (_, item) => figuresHourOf(String(item.accountId)),
    },
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
    // The metrics cron's hourly share of accounts, across tenants: 24 partitions, each written
    // once per account connected and read once a day.
    byFiguresHour: {
      index: "gsi3",
      pk: {
        field: "gsi3pk",
        composite: ["figuresHour"],
        template: "accountfigures#${figuresHour}",
      },
      sk: { field: "gsi3sk", composite: ["accountId"], template: "${accountId}" },
    },
  },
});

/** An account's hour for reading its figures: a hash of its id, modulo 24. */
export function figuresHourOf(accountId: string): string {
  let hash = 0;
  for (const char of accountId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return String(hash % 24).padStart(2, "0");
}
export type AccountItem = EntityItem<typeof AccountEntity>;
