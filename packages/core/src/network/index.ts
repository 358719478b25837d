import { isNetworkId, type Network, type NetworkConfig, registry } from "@cadence/networks";
import { Resource } from "sst";
import { VisibleError } from "../error/index.ts";

/**
 * The networks' app credentials and endpoints for this stage, from the `NetworkApps` secret
 * (JSON: network → { clientId, clientSecret, webhookSecret?, baseUrls? }). In a stage the base
 * URLs are left out and each adapter uses the real network; the local stack points them at the
 * sandbox networks.
 */
type AppConfig = Omit<NetworkConfig, "redirectUri" | "fetch"> & { redirectUri?: string };

let apps: Record<string, AppConfig> | undefined;

function appConfigs(): Record<string, AppConfig> {
  apps ??= JSON.parse(Resource.NetworkApps.value || "{}") as Record<string, AppConfig>;
  return apps;
}

export { catalogue, NetworkInfo } from "./catalogue.ts";
export { isNetworkId };

/** Where a network sends people back after they authorize Cadence. */
export function redirectUri(network: string): string {
  const api = process.env.CADENCE_API_URL ?? Resource.Api.url;
  return `${api.replace(/\/+$/, "")}/connect/${network}/callback`;
}

export function networkConfig(network: string): NetworkConfig {
  const app = appConfigs()[network];
  if (!isNetworkId(network) || !app) {
    throw new VisibleError(
      "network_not_configured",
      `Cadence is not set up to talk to ${network} in this environment yet.`,
    );
  }
  // Only the API handles callbacks (it knows its URL); the consumer and crons never redirect.
  const knowsApi = Boolean(process.env.CADENCE_API_URL) || "Api" in Resource;
  return {
    ...app,
    baseUrls: app.baseUrls ?? {},
    redirectUri: app.redirectUri ?? (knowsApi ? redirectUri(network) : ""),
  };
}

/** The adapter for a network, configured for this stage. */
export function adapterFor(network: string): Network {
  if (!isNetworkId(network)) {
    throw new VisibleError("network_not_supported", `Cadence cannot publish to ${network} yet.`);
  }
  return registry[network].create(networkConfig(network));
}
