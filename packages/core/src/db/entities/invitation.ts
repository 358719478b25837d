import { Entity, type EntityItem } from "electrodb";
import { roles } from "../../actor/index.ts";
import { service, timestamps } from "./common.ts";

export const InvitationEntity = new Entity({
  model: { entity: "invitation", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    invitationId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    role: { type: roles, required: true },
    /** SHA-256 of the emailed token; the token itself is never stored. */
    tokenHash: { type: "string", required: true, readOnly: true },
    invitedBy: { type: "string", required: true },
    status: {
      type: ["pending", "accepted", "revoked"] as const,
      required: true,
      default: "pending",
    },
    validUntil: { type: "string", required: true },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: ["invitationId"], template: "invite#${invitationId}" },
    },
    byToken: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["tokenHash"], template: "invite#${tokenHash}" },
      sk: { field: "gsi1sk", composite: [], template: "invite" },
    },
  },
});
export type InvitationItem = EntityItem<typeof InvitationEntity>;
