import type { NetworkConfig, NetworkId } from "@cadence/networks";
import { facebookSandboxApp } from "./facebook/oauth.ts";
import { googleSandboxApp } from "./google/oauth.ts";
import { instagramSandboxApp } from "./instagram/oauth.ts";
import { linkedInSandboxApp } from "./linkedin/oauth.ts";
import { pinterestSandboxApp } from "./pinterest/oauth.ts";
import { threadsSandboxApp } from "./threads/oauth.ts";
import { tiktokSandboxApp } from "./tiktok/oauth.ts";
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
  network: Extract<
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
  >,
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
