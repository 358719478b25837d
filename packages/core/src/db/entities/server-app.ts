import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/**
 * Cadence's app registration on one server of a federated network (Mastodon): registered on
 * the first connect to that server and reused after. The client secret is sealed with the Vault.
 */
export const ServerAppEntity = new Entity({
  model: { entity: "serverApp", version: "1", service },
  attributes: {
    network: { type: "string", required: true, readOnly: true },
    /** The server's base URL, as the adapter normalises it. */
    server: { type: "string", required: true, readOnly: true },
    clientId: { type: "string", required: true },
    sealedSecret: { type: "string", required: true },
    /** The redirect URI registered with it; a different one needs a new registration. */
    redirectUri: { type: "string", required: true },
    ...timestamps,
  },
  indexes: {
    byServer: {
      pk: {
        field: "pk",
        composite: ["network", "server"],
        template: "serverapp#${network}#${server}",
      },
      sk: { field: "sk", composite: [], template: "app" },
    },
  },
});
export type ServerAppItem = EntityItem<typeof ServerAppEntity>;
