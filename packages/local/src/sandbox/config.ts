import type { NetworkConfig, NetworkId } from "@cadence/networks";
import { facebookSandboxApp, instagramSandboxApp, sandboxApps } from "./apps.ts";

export { sandboxNetworkApps } from "./apps.ts";

/** Where the sandbox sends people back after an authorize page, unless told otherwise. */
export const sandboxRedirectPath = "/_sandbox/callback";

/** A network id, checked: a key of `sandboxApps` that is not a registered network fails here. */
type Registered<Id extends NetworkId> = Id;

/** The networks the sandbox server stands in for (each with its app in apps.ts). */
export type StandInNetwork = Registered<keyof ReturnType<typeof sandboxApps>>;

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
