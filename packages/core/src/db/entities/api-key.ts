import { Entity, type EntityItem } from "electrodb";
import { roles } from "../../actor/index.ts";
import { service, timestamps } from "./common.ts";

export const ApiKeyEntity = new Entity({
  model: { entity: "apiKey", version: "1", service },
  attributes: {
    keyId: { type: "string", required: true, readOnly: true },
    workspaceId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    role: { type: roles, required: true },
    /** SHA-256 of the secret part; the key is shown once, at creation. */
    secretHash: { type: "string", required: true, readOnly: true },
    createdBy: { type: "string", required: true },
    lastUsedAt: { type: "string" },
    revokedAt: { type: "string" },
    ...timestamps,
  },
  indexes: {
    // Every request with a key reads it by id: its own partition, no hot spot.
    byId: {
      pk: { field: "pk", composite: ["keyId"], template: "apikey#${keyId}" },
      sk: { field: "sk", composite: [], template: "apikey" },
    },
    byWorkspace: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "gsi1sk", composite: ["keyId"], template: "apikey#${keyId}" },
    },
  },
});
export type ApiKeyItem = EntityItem<typeof ApiKeyEntity>;
