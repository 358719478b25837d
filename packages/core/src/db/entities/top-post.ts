import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/**
 * A published target's place in one figure's ranking for its publish month (workspace zone):
 * DynamoDB sorts only by key, so each figure a target reports has one item whose sort key is the
 * zero-padded value. Top posts by a figure read a few items per month, newest-biggest first, and
 * then the targets' latest readings. A reading that changes a figure moves its item (delete the
 * old key, put the new) in the reading's transaction. The filter attributes let a query keep
 * only one account, network, campaign or tag.
 */
export const TopPostEntity = new Entity({
  model: { entity: "topPost", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    figure: { type: "string", required: true, readOnly: true },
    /** YYYY-MM of the publish day in the workspace's zone. */
    month: { type: "string", required: true, readOnly: true },
    /** The value, zero-padded to 12 digits so keys sort as numbers. */
    rank: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    day: { type: "string", required: true },
    accountId: { type: "string", required: true },
    network: { type: "string", required: true },
    campaign: { type: "string" },
    tags: { type: "list", items: { type: "string" }, required: true, default: () => [] },
  },
  indexes: {
    // A workspace's month for one figure: written only when that figure of one of the month's
    // posts changes, read a page at a time by the dashboard.
    byRank: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "figure", "month"],
        template: "ws#${workspaceId}#top#${figure}#${month}",
      },
      sk: { field: "sk", composite: ["rank", "targetId"], template: "${rank}#${targetId}" },
    },
  },
});
export type TopPostItem = EntityItem<typeof TopPostEntity>;

/** Rank keys sort as numbers up to 10^12 - 1. */
export function rankOf(value: number): string {
  return String(Math.min(Math.max(0, Math.floor(value)), 999_999_999_999)).padStart(12, "0");
}
