import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/** Weekly reports are spread over this many partitions of the sending index. */
export const weeklyReportShards = 8;

/**
 * A person's opt-in to the weekly email summary of one workspace. `lastSentWeek` (ISO week,
 * e.g. 2026-W49) is claimed with a conditional write before the mail goes out, so two runs of
 * the weekly cron send it once.
 */
export const WeeklyReportEntity = new Entity({
  model: { entity: "weeklyReport", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    lastSentWeek: { type: "string", required: true, default: "" },
    /** A hash of the user id: the partition of the sending index. */
    shard: {
      type: "string",
      required: true,
      default: "",
      watch: ["userId"],
      set: (_, item) => {
        let hash = 0;
        for (const char of String(item.userId)) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
        return String(hash % weeklyReportShards);
      },
    },
    ...timestamps,
  },
  indexes: {
    // A person's switch in one workspace: a GetItem in the workspace's own report partition.
    byWorkspace: {
      pk: {
        field: "pk",
        composite: ["workspaceId"],
        template: "ws#${workspaceId}#weeklyreport",
      },
      sk: { field: "sk", composite: ["userId"], template: "${userId}" },
    },
    // The weekly cron, across tenants: 8 partitions, read once a week, written on opt-in.
    sending: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["shard"], template: "weeklyreport#${shard}" },
      sk: {
        field: "gsi1sk",
        composite: ["workspaceId", "userId"],
        template: "${workspaceId}#${userId}",
      },
    },
  },
});
export type WeeklyReportItem = EntityItem<typeof WeeklyReportEntity>;
