import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * The latest reading of one published target: what every rollup was last given for it. A new
 * reading replaces this item in the same transaction that adds the difference to the rollups,
 * on condition that `version` is still the one read (see core/analytics/rollup.ts), so a reading
 * that arrives twice, or after a newer one, changes nothing. A figure the network does not
 * report is absent, never 0. Backfill rebuilds every rollup from these items.
 */
export const TargetFiguresEntity = new Entity({
  model: { entity: "targetFigures", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    accountId: { type: "string", required: true, readOnly: true },
    network: { type: "string", required: true, readOnly: true },
    campaign: { type: "string" },
    tags: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    publishedAt: { type: "string", required: true },
    /** Publish day (YYYY-MM-DD) and `<weekday>-<hour>` in the workspace's zone: rollup keys. */
    day: { type: "string", required: true },
    slot: { type: "string", required: true },
    /** The first 280 characters the account showed, for top posts. */
    preview: { type: "string", required: true, default: "" },
    url: { type: "string" },
    measuredAt: { type: "string", required: true },
    /** Bumped by every accepted reading; a reading is written only over the version it read. */
    version: { type: "number", required: true },
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
    // One partition per workspace, keyed by target: the reading's own get, top posts' batch get
    // and the backfill's full read. Each target is written once per reading (hourly at most),
    // so a workspace's partition sees a few writes a second even with thousands of posts.
    byTarget: {
      pk: {
        field: "pk",
        composite: ["workspaceId"],
        template: "ws#${workspaceId}#figures",
      },
      sk: { field: "sk", composite: ["targetId"], template: "${targetId}" },
    },
  },
});
export type TargetFiguresItem = EntityItem<typeof TargetFiguresEntity>;
