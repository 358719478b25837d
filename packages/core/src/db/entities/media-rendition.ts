import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

export const renditionStates = ["queued", "ready", "failed"] as const;

/**
 * A fitted copy of one media item for one set of network rules (a 16:9 video as a 9:16 reel).
 * Keyed by the source and the hash of the plan that makes it, so the composer, autorepost and
 * every post that needs the same fit share one copy and one job. Each source's renditions sit in
 * their own partition: a file is fitted for a handful of networks, never more.
 */
export const MediaRenditionEntity = new Entity({
  model: { entity: "mediaRendition", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    sourceMediaId: { type: "string", required: true, readOnly: true },
    /** sha256 of the plan (frame, mode, length, bit rate, format): same plan, same copy. */
    planHash: { type: "string", required: true, readOnly: true },
    network: { type: "string", required: true, readOnly: true },
    /** The plan as JSON, so the job makes exactly what was decided. */
    plan: { type: "string", required: true, readOnly: true },
    /** Why the source did not fit, as shown to people. */
    reasons: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    /** queued (its job is making it) → ready (mediaId is the copy) | failed (errorMessage). */
    state: { type: renditionStates, required: true, default: "queued" },
    /** The job making it: fixed when the rendition is created, so a repeat start is harmless. */
    jobId: { type: "string", required: true },
    mediaId: { type: "string" },
    errorCode: { type: "string" },
    errorMessage: { type: "string" },
    ...timestamps,
  },
  indexes: {
    bySource: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "sourceMediaId"],
        template: "ws#${workspaceId}#fit#${sourceMediaId}",
      },
      sk: { field: "sk", composite: ["planHash"], template: "${planHash}" },
    },
  },
});
export type MediaRenditionItem = EntityItem<typeof MediaRenditionEntity>;
