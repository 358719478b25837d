import type { NetworkConfig } from "@cadence/networks";
import {
  facebookSandboxApp,
  instagramSandboxApp,
  type StandInNetwork,
  sandboxApps,
} from "./apps.ts";

export { sandboxNetworkApps } from "./apps.ts";

/** Where the sandbox sends people back after an authorize page, unless told otherwise. */
export const sandboxRedirectPath = "/_sandbox/callback";

export type { StandInNetwork };

/** The NetworkConfig that points an adapter at the sandbox networks at `origin`. */
export function sandboxConfig(
  network: StandInNetwork,
  origin: string,
  overrides: Partial<NetworkConfig> = {},
): NetworkConfig {
  const redirectUri = `${origin.replace(/\/+$/, "")}${sandboxRedirectPath}`;
  const config: NetworkConfig = { ...sandboxApps(origin)[network], redirectUri };
  if (network === "instagram") {
    // Instagram's two logins: through Facebook (a Page's account) or Instagram's own.
    config.clientFor = async (server) =>
      server === "facebook"
        ? { clientId: facebookSandboxApp.clientId, clientSecret: facebookSandboxApp.clientSecret }
        : {
            clientId: instagramSandboxApp.clientId,
            clientSecret: instagramSandboxApp.clientSecret,
          };
  }
  return { ...config, ...overrides };
}
