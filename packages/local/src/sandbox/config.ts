import type { NetworkConfig, NetworkId } from "@cadence/networks";
import { xSandboxApp } from "./x/oauth.ts";

/** Where the sandbox sends people back after an authorize page, unless told otherwise. */
export const sandboxRedirectPath = "/_sandbox/callback";

/**
 * The NetworkConfig that points an adapter at the sandbox: one origin hosts every network
 * under its own prefix (http://127.0.0.1:4600/x/2/tweets, /mastodon/api/v1/statuses,
 * /bluesky/xrpc/…). Mastodon's client comes from app registration on the sandbox server, so
 * its id and secret here are empty.
 */
export function sandboxConfig(
  network: Extract<NetworkId, "x" | "mastodon" | "bluesky">,
  origin: string,
  overrides: Partial<NetworkConfig> = {},
): NetworkConfig {
  const base = origin.replace(/\/+$/, "");
  const redirectUri = `${base}${sandboxRedirectPath}`;
  const byNetwork: Record<typeof network, NetworkConfig> = {
    x: {
      baseUrls: { api: `${base}/x`, auth: `${base}/x`, web: `${base}/x` },
      clientId: xSandboxApp.clientId,
      clientSecret: xSandboxApp.clientSecret,
      redirectUri,
      webhookSecret: xSandboxApp.consumerSecret,
    },
    mastodon: {
      baseUrls: { api: `${base}/mastodon` },
      clientId: "",
      clientSecret: "",
      redirectUri,
    },
    bluesky: {
      baseUrls: { api: `${base}/bluesky`, web: `${base}/bluesky` },
      clientId: "",
      clientSecret: "",
      redirectUri,
    },
  };
  return { ...byNetwork[network], ...overrides };
}
