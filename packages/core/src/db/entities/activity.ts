import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/**
 * The append-only activity log. Partitioned by workspace and month so a busy workspace spreads
 * its writes over time instead of one ever-growing partition; a subject's history is on gsi1.
 */
export const ActivityEntity = new Entity({
  model: { entity: "activity", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    month: { type: "string", required: true, readOnly: true },
    activityId: { type: "string", required: true, readOnly: true },
    at: { type: "string", required: true, readOnly: true },
    actorType: { type: ["user", "apikey", "system"] as const, required: true, readOnly: true },
    actorId: { type: "string", required: true, readOnly: true },
    action: { type: "string", required: true, readOnly: true },
    subjectType: { type: "string", required: true, readOnly: true },
    subjectId: { type: "string", required: true, readOnly: true },
    summary: { type: "string", required: true, readOnly: true },
    data: { type: "any", readOnly: true },
  },
  indexes: {
    byMonth: {
      pk: {
        field: "pk",
        composite: ["workspaceId", "month"],
        template: "ws#${workspaceId}#activity#${month}",
      },
      sk: { field: "sk", composite: ["activityId"], template: "act#${activityId}" },
    },
    bySubject: {
      index: "gsi1",
      pk: {
        field: "gsi1pk",
        composite: ["workspaceId", "subjectId"],
        template: "ws#${workspaceId}#subject#${subjectId}",
      },
      sk: { field: "gsi1sk", composite: ["activityId"], template: "act#${activityId}" },
    },
  },
});
export type ActivityItem = EntityItem<typeof ActivityEntity>;
