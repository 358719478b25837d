import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/** Refresh work is spread over this many partitions of the refresh index. */
export const refreshShards = 16;

/**
 * An account's OAuth tokens, only ever stored encrypted (AWS Encryption SDK, KMS keyring,
 * encryption context = workspace and account). `version` decides which of two racing
 * refreshes wins; the loser rereads.
 */
export const CredentialEntity = new Entity({
  model: { entity: "credential", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    accountId: { type: "string", required: true, readOnly: true },
    network: { type: "string", required: true, readOnly: true },
    /** Base64 Encryption SDK message holding the TokenSet. */
    sealed: { type: "string", required: true },
    version: { type: "number", required: true, default: 1 },
    /** When the access token stops working (not secret): drives refreshing. */
    expiresAt: { type: "string", required: true, default: "" },
    /** When the refresh cron should look at it next ("" = never: tokens that do not expire). */
    refreshAt: { type: "string", required: true, default: "" },
    refreshShard: { type: "string", required: true },
    refreshFailures: { type: "number", required: true, default: 0 },
    /** While one caller refreshes: until when its claim holds ("" or absent otherwise). */
    refreshingUntil: { type: "string" },
    ...timestamps,
  },
  indexes: {
    byAccount: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "accountId"],
        template: "ws#${workspaceId}#account#${accountId}",
      },
      sk: { field: "sk", composite: [], template: "credential" },
    },
    // The refresh cron: credentials due for a refresh, across tenants, in a few partitions.
    dueForRefresh: {
      index: "gsi1",
      condition: (attr) => Boolean(attr.refreshAt),
      pk: { field: "gsi1pk", composite: ["refreshShard"], template: "refresh#${refreshShard}" },
      sk: {
        field: "gsi1sk",
        composite: ["refreshAt", "accountId"],
        template: "${refreshAt}#${accountId}",
      },
    },
  },
});
export type CredentialItem = EntityItem<typeof CredentialEntity>;
