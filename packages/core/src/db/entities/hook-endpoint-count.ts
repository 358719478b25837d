import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * How many webhook endpoints a workspace has. Written in the same transaction as each endpoint's
 * create (ADD 1, on condition the count is under the limit) and delete (ADD -1), so forty
 * concurrent creates cannot pass the limit the way a count read before the write could. One
 * item per workspace, beside its endpoints in their partition. A workspace whose endpoints
 * predate the counter has none yet: it is counted once, on first use (hook/endpoint-count.ts).
 */
export const HookEndpointCountEntity = new Entity({
  model: { entity: "hookEndpointCount", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    count: { type: "number", required: true, default: 0 },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}#hooks" },
      sk: { field: "sk", composite: [], template: "~count" },
    },
  },
});
export type HookEndpointCountItem = EntityItem<typeof HookEndpointCountEntity>;
