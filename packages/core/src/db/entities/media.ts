import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

export const mediaKinds = ["image", "video"] as const;
/**
 * `uploading`: the browser has a presigned POST and may be sending the file. `processing`: a
 * completion is sniffing, probing and moving it (a lease, so a crashed one can be retried).
 * `ready`: probed, thumbnailed and usable in posts. `deleting`: a delete found no post using it
 * and is removing it; no post can attach it meanwhile. Rejected files leave no item behind.
 */
export const mediaStates = ["uploading", "processing", "ready", "deleting"] as const;

/**
 * A file in a workspace's media library. Its partition is the workspace's media (newest first,
 * ids are ULIDs); gsi1 holds the same items by kind for the library's image/video filter.
 */
export const MediaEntity = new Entity({
  model: { entity: "media", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    mediaId: { type: "string", required: true, readOnly: true },
    kind: { type: mediaKinds, required: true },
    state: { type: mediaStates, required: true, default: "uploading" },
    /** The file name as uploaded, shown in the library and searched. */
    name: { type: "string", required: true },
    mimeType: { type: "string", required: true },
    sizeBytes: { type: "number", required: true },
    /** Where the bytes are: `uploads/…` until ready, then `media/…`. */
    objectKey: { type: "string", required: true },
    thumbnailKey: { type: "string" },
    altText: { type: "string", required: true, default: "" },
    tags: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    uploadedByType: { type: ["user", "apikey", "system"] as const, required: true },
    uploadedBy: { type: "string", required: true },
    // Probe facts. Images: format, frames, hasAlpha, orientation. Videos: format (container),
    // codecs, duration, frame and bit rate, rotation. Width and height are as displayed.
    format: { type: "string" },
    width: { type: "number" },
    height: { type: "number" },
    frames: { type: "number" },
    hasAlpha: { type: "boolean" },
    orientation: { type: "number" },
    videoCodec: { type: "string" },
    audioCodec: { type: "string" },
    durationSeconds: { type: "number" },
    frameRate: { type: "number" },
    bitRate: { type: "number" },
    rotation: { type: "number" },
    /** ISO instant until which a completion holds the `processing` lease. */
    processingUntil: { type: "string" },
    /** Epoch seconds, while uploading: an abandoned upload's item goes with its object. */
    expiresAt: { type: "number" },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}#media" },
      sk: { field: "sk", composite: ["mediaId"], template: "media#${mediaId}" },
    },
    byKind: {
      index: "gsi1",
      pk: {
        field: "gsi1pk",
        composite: ["workspaceId", "kind"],
        template: "ws#${workspaceId}#media#${kind}",
      },
      sk: { field: "gsi1sk", composite: ["mediaId"], template: "media#${mediaId}" },
    },
  },
});
export type MediaItem = EntityItem<typeof MediaEntity>;
export type MediaKind = (typeof mediaKinds)[number];
