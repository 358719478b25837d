import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * A saved snippet of a workspace (a sign-off, hashtags, a disclaimer). With `autoAppend` it is
 * added to every scheduled post going to those accounts. A workspace has a handful, read with
 * its settings, so they live in the workspace's partition.
 */
export const SignatureEntity = new Entity({
  model: { entity: "signature", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    signatureId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    text: { type: "string", required: true },
    /** Accounts whose scheduled posts get this signature appended. */
    autoAppend: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: ["signatureId"], template: "signature#${signatureId}" },
    },
  },
});
export type SignatureItem = EntityItem<typeof SignatureEntity>;
