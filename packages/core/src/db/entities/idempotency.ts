import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/** A POST's outcome kept for 24 hours under its Idempotency-Key, per caller. */
export const IdempotencyEntity = new Entity({
  model: { entity: "idempotency", version: "1", service },
  attributes: {
    scope: { type: "string", required: true, readOnly: true },
    key: { type: "string", required: true, readOnly: true },
    requestHash: { type: "string", required: true, readOnly: true },
    state: { type: ["in_progress", "done"] as const, required: true },
    status: { type: "number" },
    body: { type: "string" },
    headers: {
      type: "map",
      properties: { location: { type: "string" }, etag: { type: "string" } },
    },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byKey: {
      pk: { field: "pk", composite: ["scope", "key"], template: "idem#${scope}#${key}" },
      sk: { field: "sk", composite: [], template: "idem" },
    },
  },
});
export type IdempotencyItem = EntityItem<typeof IdempotencyEntity>;
