import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * A refresh token family: one per sign-in. Each refresh rotates the token and bumps the
 * generation; presenting an older generation means the token was stolen or replayed, and the
 * whole family is revoked.
 */
export const SessionEntity = new Entity({
  model: { entity: "session", version: "1", service },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    sessionId: { type: "string", required: true, readOnly: true },
    generation: { type: "number", required: true, default: 1 },
    tokenHash: { type: "string", required: true },
    userAgent: { type: "string" },
    revokedAt: { type: "string" },
    revokedReason: {
      type: [
        "signed_out",
        "reuse_detected",
        "signed_out_everywhere",
        "signed_out_elsewhere",
        "password_reset",
        "password_changed",
      ] as const,
    },
    lastUsedAt: { type: "string" },
    /** Epoch seconds: DynamoDB's TTL removes expired families. */
    expiresAt: { type: "number", required: true },
    ...timestamps,
  },
  indexes: {
    // A refresh reads the family by id alone: the token does not carry the user.
    byId: {
      pk: { field: "pk", composite: ["sessionId"], template: "session#${sessionId}" },
      sk: { field: "sk", composite: [], template: "session" },
    },
    byUser: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["userId"], template: "user#${userId}" },
      sk: { field: "gsi1sk", composite: ["sessionId"], template: "session#${sessionId}" },
    },
  },
});
export type SessionItem = EntityItem<typeof SessionEntity>;
