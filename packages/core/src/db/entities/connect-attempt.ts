import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

export const attemptStatuses = ["pending", "exchanging", "picking"] as const;

/**
 * One person's trip to a network's authorize page and back. The state sent to the network is
 * `<attemptId>.<random>`: the id finds this item, and only the state's SHA-256 is stored. The
 * PKCE verifier, and the tokens held while the person picks pages or channels, are sealed with
 * the Vault (context: workspace and attempt). TTL removes an abandoned attempt.
 */
export const ConnectAttemptEntity = new Entity({
  model: { entity: "connectAttempt", version: "1", service },
  attributes: {
    attemptId: { type: "string", required: true, readOnly: true },
    workspaceId: { type: "string", required: true, readOnly: true },
    network: { type: "string", required: true, readOnly: true },
    /** Mastodon: the server typed in. */
    server: { type: "string", readOnly: true },
    /** Where the browser goes back to on the site. */
    returnTo: { type: "string", readOnly: true },
    /** Set when reconnecting an existing account. */
    accountId: { type: "string", readOnly: true },
    stateHash: { type: "string", required: true, readOnly: true },
    sealedVerifier: { type: "string", required: true, readOnly: true },
    /** Who started it (user id and session, or API key id): the callback acts as them. */
    startedBy: { type: "any", required: true, readOnly: true },
    status: { type: attemptStatuses, required: true, default: "pending" },
    /** While picking: the profile and its pages/boards/channels, without tokens. */
    choices: { type: "any" },
    /** While picking: the tokens of the profile and of each sub-account, sealed. */
    sealedTokens: { type: "string" },
    /** Epoch seconds (TTL); checked on read as well. */
    expiresAt: { type: "number", required: true },
    ...timestamps,
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["attemptId"], template: "connect#${attemptId}" },
      sk: { field: "sk", composite: [], template: "attempt" },
    },
  },
});
export type ConnectAttemptItem = EntityItem<typeof ConnectAttemptEntity>;
