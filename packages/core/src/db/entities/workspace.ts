import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

export const WorkspaceEntity = new Entity({
  model: { entity: "workspace", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    timeZone: { type: "string", required: true, default: "UTC" },
    /** Posts by editors wait for an owner or admin to approve them. */
    approvalRequired: { type: "boolean", required: true, default: false },
    /** A target that missed its time may still publish this many minutes late (0 = never). */
    latePublishWindowMinutes: { type: "number", required: true, default: 60 },
    personal: { type: "boolean", required: true, default: false },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: [], template: "workspace" },
    },
  },
});
export type WorkspaceItem = EntityItem<typeof WorkspaceEntity>;
