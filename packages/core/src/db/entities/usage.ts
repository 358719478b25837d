import { Entity, type EntityItem } from "electrodb";
import { limitNames } from "../../plan/catalogue.ts";
import { service, timestamps } from "./common.ts";

/**
 * How much of one plan limit a workspace uses now (connected accounts, members, API keys).
 * The write that adds a counted thing increments it in the same transaction, on the condition
 * that it is below the plan's limit, so forty requests for the last slot get exactly one; the
 * write that removes one decrements it. It lives in the workspace's own partition: one
 * workspace's counters are touched only as fast as that workspace adds things.
 */
export const UsageEntity = new Entity({
  model: { entity: "usage", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    limit: { type: limitNames, required: true, readOnly: true },
    used: { type: "number", required: true, default: 0 },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: ["limit"], template: "usage#${limit}" },
    },
  },
});
export type UsageItem = EntityItem<typeof UsageEntity>;
