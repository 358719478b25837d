import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * An outbound webhook endpoint of a workspace (not the networks' inbound webhooks): where
 * Cadence sends signed events. The signing secret is sealed with the Vault (context: workspace
 * and endpoint); during a rotation's overlap the previous one is kept too and both sign. A
 * workspace has a handful, in its own partition, read whole at each fan-out.
 */
export const HookEndpointEntity = new Entity({
  model: { entity: "hookEndpoint", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    endpointId: { type: "string", required: true, readOnly: true },
    url: { type: "string", required: true },
    description: { type: "string", required: true, default: "" },
    /** Event types it receives; empty means every type. */
    eventTypes: { type: "list", items: { type: "string" }, required: true, default: [] },
    state: { type: ["enabled", "disabled"] as const, required: true, default: "enabled" },
    /** Why it is disabled: "manual" or "failing". */
    disabledReason: { type: "string", required: true, default: "" },
    secretSealed: { type: "string", required: true },
    previousSecretSealed: { type: "string", required: true, default: "" },
    /** Until when the previous secret still signs (ISO), "" without a rotation. */
    previousUntil: { type: "string", required: true, default: "" },
    /** Deliveries in a row that used up every attempt; reset by a success. */
    failedInRow: { type: "number", required: true, default: 0 },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}#hooks" },
      sk: { field: "sk", composite: ["endpointId"], template: "${endpointId}" },
    },
  },
});
export type HookEndpointItem = EntityItem<typeof HookEndpointEntity>;
