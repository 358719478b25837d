import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/** What a rollup can be about; each has a partition of its own per workspace. */
export const rollupDimensions = [
  "workspace",
  "network",
  "account",
  "campaign",
  "tag",
  "slot",
] as const;
export type RollupDimension = (typeof rollupDimensions)[number];

/**
 * Sums of the figures of one day's published posts, for one thing the dashboard groups by: the
 * whole workspace (key "all"), a network, an account, a campaign, a tag. `day` is the publish
 * day in the workspace's time zone, so the posts of a day keep their figures there as they grow:
 * ingestion adds the difference between a target's new reading and its previous one (see
 * core/analytics/rollup.ts). The "slot" dimension is the best-time heatmap: key
 * `<weekday>-<hour>` in the workspace's zone and day "all", summed over every published post.
 *
 * A figure no post of the day reported is absent, never 0: rollups only ADD what a network said.
 * Account items also carry the account's own figures of the day (followers, following, post
 * count), SET by the account reading, not summed.
 *
 * Attribute names on the table are two letters: a 90-day dashboard reads about 2,000 of these
 * items, and read units are counted on item size (docs/performance.md).
 */
export const RollupEntity = new Entity({
  model: { entity: "rollup", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true, field: "ws" },
    dimension: { type: rollupDimensions, required: true, readOnly: true, field: "dm" },
    /** "all", a network id, an account id, a campaign, a tag, or `<weekday>-<hour>`. */
    key: { type: "string", required: true, readOnly: true, field: "ky" },
    /** YYYY-MM-DD in the workspace's zone ("all" for the heatmap). */
    day: { type: "string", required: true, readOnly: true, field: "dy" },
    /** Posts (targets) measured at least once. */
    posts: { type: "number", field: "po" },
    impressions: { type: "number", field: "im" },
    reach: { type: "number", field: "re" },
    likes: { type: "number", field: "li" },
    comments: { type: "number", field: "co" },
    shares: { type: "number", field: "sh" },
    saves: { type: "number", field: "sa" },
    clicks: { type: "number", field: "cl" },
    videoViews: { type: "number", field: "vv" },
    engagements: { type: "number", field: "en" },
    /** Engagements of the posts whose network reports impressions: the rate's numerator. */
    ratedEngagements: { type: "number", field: "er" },
    /** Impressions of those same posts: the rate's denominator. */
    ratedImpressions: { type: "number", field: "ir" },
    followers: { type: "number", field: "fo" },
    following: { type: "number", field: "fg" },
    postCount: { type: "number", field: "pc" },
    /** When the account figures above were read: an older reading never overwrites a newer. */
    accountMeasuredAt: { type: "string", field: "am" },
  },
  indexes: {
    // The dashboard: one query per dimension reads every key of a period, oldest day first.
    // A workspace's dimension is written only by that workspace's ingestion (a few writes per
    // published post per reading), so no partition is shared across tenants or runs hot.
    byDay: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "dimension"],
        template: "ws#${workspaceId}#rollup#${dimension}",
      },
      sk: { field: "sk", composite: ["day", "key"], template: "${day}#${key}" },
    },
  },
});
export type RollupItem = EntityItem<typeof RollupEntity>;
