import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * A saved set of accounts, each with its overrides, and a default schedule intent: "the usual
 * launch announcement". Few per workspace and read with its settings: the workspace's partition.
 */
export const PresetEntity = new Entity({
  model: { entity: "preset", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    presetId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    /** [{ accountId, overrides }], as a post's targets; see core/preset. */
    targets: { type: "any", required: true, default: () => [] },
    /** A schedule intent (see core/schedule), or absent for none. */
    schedule: { type: "any" },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: ["presetId"], template: "preset#${presetId}" },
    },
  },
});
export type PresetItem = EntityItem<typeof PresetEntity>;
