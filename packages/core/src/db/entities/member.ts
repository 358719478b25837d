import { Entity, type EntityItem } from "electrodb";
import { roles } from "../../actor/index.ts";
import { service, timestamps } from "./common.ts";

export const MemberEntity = new Entity({
  model: { entity: "member", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    name: { type: "string", required: true },
    role: { type: roles, required: true },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    // The workspace's members: one query on the workspace's partition.
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: ["userId"], template: "member#${userId}" },
    },
    // A user's workspaces (the switcher): one query on the user's partition of gsi1.
    byUser: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["userId"], template: "user#${userId}" },
      sk: { field: "gsi1sk", composite: ["workspaceId"], template: "member#${workspaceId}" },
    },
  },
});
export type MemberItem = EntityItem<typeof MemberEntity>;
