import type { NetworkConfig, NetworkId } from "@cadence/networks";
import {
  facebookSandboxApp,
  googleSandboxApp,
  instagramSandboxApp,
  linkedInSandboxApp,
  pinterestSandboxApp,
  threadsSandboxApp,
  tiktokSandboxApp,
  xSandboxApp,
} from "./apps.ts";

/** Where the sandbox sends people back after an authorize page, unless told otherwise. */
export const sandboxRedirectPath = "/_sandbox/callback";

/**
 * The NetworkConfig that points an adapter at the sandbox: one origin hosts every network
 * under its own prefix (http://127.0.0.1:4600/x/2/tweets, /mastodon/api/v1/statuses,
 * /bluesky/xrpc/…). Mastodon's client comes from app registration on the sandbox server, so
 * its id and secret here are empty.
 */
type SandboxNetwork = Extract<
  NetworkId,
  | "x"
  | "mastodon"
  | "bluesky"
  | "tiktok"
  | "youtube"
  | "pinterest"
  | "google-business"
  | "linkedin"
  | "facebook"
  | "instagram"
  | "threads"
>;

export function sandboxConfig(
  network: SandboxNetwork,
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
    tiktok: {
      baseUrls: { api: `${base}/tiktok`, auth: `${base}/tiktok`, web: `${base}/tiktok` },
      clientId: tiktokSandboxApp.clientKey,
      clientSecret: tiktokSandboxApp.clientSecret,
      redirectUri,
    },
    pinterest: {
      baseUrls: { api: `${base}/pinterest`, auth: `${base}/pinterest`, web: `${base}/pinterest` },
      clientId: pinterestSandboxApp.clientId,
      clientSecret: pinterestSandboxApp.clientSecret,
      redirectUri,
    },
    // The account, business information and v4 APIs and Google's OAuth share one prefix.
    "google-business": {
      baseUrls: {
        api: `${base}/google-business`,
        accountManagement: `${base}/google-business`,
        businessInformation: `${base}/google-business`,
        accounts: `${base}/google-business`,
        oauth: `${base}/google-business`,
      },
      clientId: googleSandboxApp.clientId,
      clientSecret: googleSandboxApp.clientSecret,
      redirectUri,
    },
    // One sandbox prefix serves the API, uploads, the web pages and Google's OAuth endpoints.
    youtube: {
      baseUrls: {
        api: `${base}/youtube`,
        web: `${base}/youtube`,
        accounts: `${base}/youtube`,
        oauth: `${base}/youtube`,
      },
      clientId: googleSandboxApp.clientId,
      clientSecret: googleSandboxApp.clientSecret,
      redirectUri,
    },
    linkedin: {
      baseUrls: { api: `${base}/linkedin`, auth: `${base}/linkedin`, web: `${base}/linkedin` },
      clientId: linkedInSandboxApp.clientId,
      clientSecret: linkedInSandboxApp.clientSecret,
      redirectUri,
    },
    // graph.facebook.com and graph-video.facebook.com share one sandbox prefix.
    facebook: {
      baseUrls: {
        api: `${base}/facebook/graph`,
        video: `${base}/facebook/graph`,
        auth: `${base}/facebook/www`,
        web: `${base}/facebook/web`,
      },
      clientId: facebookSandboxApp.clientId,
      clientSecret: facebookSandboxApp.clientSecret,
      redirectUri,
      webhookVerifyToken: facebookSandboxApp.verifyToken,
    },
    // Instagram Login's app by default; Facebook Login's through clientFor("facebook").
    instagram: {
      baseUrls: {
        auth: `${base}/instagram/www`,
        token: `${base}/instagram/api`,
        api: `${base}/instagram/graph`,
        facebookAuth: `${base}/facebook/www`,
        facebookApi: `${base}/facebook/graph`,
        web: `${base}/instagram/web`,
      },
      clientId: instagramSandboxApp.clientId,
      clientSecret: instagramSandboxApp.clientSecret,
      redirectUri,
      webhookVerifyToken: instagramSandboxApp.verifyToken,
      clientFor: async (server) =>
        server === "facebook"
          ? { clientId: facebookSandboxApp.clientId, clientSecret: facebookSandboxApp.clientSecret }
          : {
              clientId: instagramSandboxApp.clientId,
              clientSecret: instagramSandboxApp.clientSecret,
            },
    },
    threads: {
      baseUrls: {
        api: `${base}/threads/graph`,
        auth: `${base}/threads/www`,
        web: `${base}/threads/web`,
      },
      clientId: threadsSandboxApp.clientId,
      clientSecret: threadsSandboxApp.clientSecret,
      redirectUri,
      webhookVerifyToken: threadsSandboxApp.verifyToken,
    },
  };
  return { ...byNetwork[network], ...overrides };
}

/** Every network the sandbox emulates; a type error here means one is missing. */
const sandboxNetworks = Object.keys({
  x: 1,
  mastodon: 1,
  bluesky: 1,
  tiktok: 1,
  youtube: 1,
  pinterest: 1,
  "google-business": 1,
  linkedin: 1,
  facebook: 1,
  instagram: 1,
  threads: 1,
} satisfies Record<SandboxNetwork, 1>) as SandboxNetwork[];

/**
 * The NetworkApps secret's JSON for a stage whose networks are the sandbox at `origin`: every
 * network with its sandbox base URLs and app credentials. Redirects are left to the API's own
 * callback. The local stack and non-production stages (infra/networks.ts) both use it.
 */
export function sandboxNetworkApps(origin: string, extra: Record<string, unknown> = {}): string {
  const apps: Record<string, unknown> = {};
  for (const network of sandboxNetworks) {
    const {
      redirectUri: _redirect,
      fetch: _fetch,
      clientFor: _client,
      ...app
    } = sandboxConfig(network, origin);
    apps[network] = { ...app, ...extra };
  }
  return JSON.stringify(apps);
}
