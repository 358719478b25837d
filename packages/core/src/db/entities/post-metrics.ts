import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * What a network reported about one published target on one day (the last reading of that
 * day). A figure the network does not report is absent, never 0. A post's readings share a
 * partition of their own, so reading them never touches the post's item collection.
 */
export const PostMetricsEntity = new Entity({
  model: { entity: "postMetrics", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    /** YYYY-MM-DD (UTC) of the reading. */
    day: { type: "string", required: true, readOnly: true },
    accountId: { type: "string", required: true },
    network: { type: "string", required: true },
    measuredAt: { type: "string", required: true },
    impressions: { type: "number" },
    reach: { type: "number" },
    likes: { type: "number" },
    comments: { type: "number" },
    shares: { type: "number" },
    saves: { type: "number" },
    clicks: { type: "number" },
    videoViews: { type: "number" },
    ...timestamps,
  },
  indexes: {
    byPost: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "postId"],
        template: "ws#${workspaceId}#post#${postId}#metrics",
      },
      sk: { field: "sk", composite: ["targetId", "day"], template: "${targetId}#${day}" },
    },
  },
});
export type PostMetricsItem = EntityItem<typeof PostMetricsEntity>;
