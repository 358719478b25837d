import { Entity, type EntityItem } from "electrodb";
import { service } from "./common.ts";

/**
 * A request budget for one window: posts made by an account (or by the whole app on a
 * network) since the window opened. Incremented with a conditional update, so concurrent
 * workers never overspend; TTL removes old windows.
 */
export const BudgetEntity = new Entity({
  model: { entity: "budget", version: "1", service },
  attributes: {
    scope: { type: "string", required: true, readOnly: true },
    window: { type: "string", required: true, readOnly: true },
    used: { type: "number", required: true, default: 0 },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byScope: {
      pk: { field: "pk", composite: ["scope"], template: "budget#${scope}" },
      sk: { field: "sk", composite: ["window"], template: "${window}" },
    },
  },
});
export type BudgetItem = EntityItem<typeof BudgetEntity>;
