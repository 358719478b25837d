import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * One post's use of one media item. The post module writes it through `Media.attach` and
 * clears `blocking` through `Media.release` once the post can no longer publish (published,
 * canceled or deleted). A blocking usage keeps the media from being deleted.
 */
export const MediaUsageEntity = new Entity({
  model: { entity: "mediaUsage", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    mediaId: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    blocking: { type: "boolean", required: true, default: true },
    ...timestamps,
  },
  indexes: {
    // Who uses this media (the delete check): one query on the media item's own partition.
    byMedia: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "mediaId"],
        template: "ws#${workspaceId}#media#${mediaId}#usage",
      },
      sk: { field: "sk", composite: ["postId"], template: "post#${postId}" },
    },
    // What this post uses (detach, release): one query on the post's partition of gsi1.
    byPost: {
      index: "gsi1",
      pk: {
        field: "gsi1pk",
        composite: ["workspaceId", "postId"],
        template: "ws#${workspaceId}#post#${postId}#media",
      },
      sk: { field: "gsi1sk", composite: ["mediaId"], template: "media#${mediaId}" },
    },
  },
});
export type MediaUsageItem = EntityItem<typeof MediaUsageEntity>;
