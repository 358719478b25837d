import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

export const approvalStates = ["not_required", "pending", "approved", "rejected"] as const;

/** What a post says, once; each target adapts it to one account. */
export const PostEntity = new Entity({
  model: { entity: "post", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    authorId: { type: "string", required: true, readOnly: true },
    text: { type: "string", required: true, default: "" },
    mediaIds: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    tags: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    campaign: { type: "string" },
    notes: { type: "string" },
    /** The schedule intent (mode, time, zone, rule); see core/schedule. */
    schedule: { type: "any", required: true },
    /** Derived from the targets' states and stored for lists. */
    status: { type: "string", required: true, default: "draft" },
    approval: { type: approvalStates, required: true, default: "not_required" },
    approvalComment: { type: "string" },
    /** Set while the post waits for approval, "" otherwise: it decides the approvals index. */
    approvalRequestedAt: { type: "string", required: true, default: "" },
    approvalDecidedBy: { type: "string" },
    paused: { type: "boolean", required: true, default: false },
    /** Evergreen: when a target of this post last went out. */
    lastPublishedAt: { type: "string" },
    createdMonth: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    // The post and its targets share a partition: one query loads a post whole.
    byId: {
      collection: "post",
      pk: {
        field: "pk",
        composite: ["workspaceId", "postId"],
        template: "ws#${workspaceId}#post#${postId}",
      },
      sk: { field: "sk", composite: [], template: "post" },
    },
    // Lists and exports by creation month, newest first.
    byCreated: {
      index: "gsi1",
      pk: {
        field: "gsi1pk",
        composite: ["workspaceId", "createdMonth"],
        template: "ws#${workspaceId}#posts#${createdMonth}",
      },
      sk: {
        field: "gsi1sk",
        composite: ["createdAt", "postId"],
        template: "${createdAt}#${postId}",
      },
    },
    // The approvers' queue: only posts waiting for approval are in this index.
    awaitingApproval: {
      index: "gsi2",
      // gsi2 projects keys only (db/table.ts): queries hydrate by primary key.
      projection: "keys_only",
      condition: (attr) => Boolean(attr.approvalRequestedAt),
      pk: { field: "gsi2pk", composite: ["workspaceId"], template: "ws#${workspaceId}#approvals" },
      sk: {
        field: "gsi2sk",
        composite: ["approvalRequestedAt", "postId"],
        template: "${approvalRequestedAt}#${postId}",
      },
    },
  },
});
export type PostItem = EntityItem<typeof PostEntity>;
