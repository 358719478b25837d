/**
 * The sandbox's app credentials per network, and where each network lives on a sandbox origin:
 * what a Cadence stage configures to use the sandbox. Plain data with no imports, so infra/ can
 * build a preview stage's NetworkApps from it without bundling the sandbox servers (config.ts
 * checks that every key is a registered network).
 */

/** The one Facebook app the sandbox knows: what sandboxConfig("facebook") hands to the adapter. */
export const facebookSandboxApp = {
  clientId: "1000000000000001",
  clientSecret: "cadence-sandbox-facebook-secret",
  /** The verify token set in the app's webhook settings. */
  verifyToken: "cadence-sandbox-facebook-verify",
};

/** The Google Cloud OAuth client the sandbox knows, for YouTube and Business Profile alike. */
export const googleSandboxApp = {
  clientId: "cadence-sandbox.apps.googleusercontent.com",
  clientSecret: "cadence-sandbox-google-secret",
};

/** The Instagram app (Business Login) the sandbox knows: what sandboxConfig("instagram") uses. */
export const instagramSandboxApp = {
  clientId: "2000000000000002",
  clientSecret: "cadence-sandbox-instagram-secret",
  verifyToken: "cadence-sandbox-instagram-verify",
};

/** The one LinkedIn app the sandbox knows: what sandboxConfig("linkedin") hands to the adapter. */
export const linkedInSandboxApp = {
  clientId: "cadencesandboxli",
  clientSecret: "cadence-sandbox-linkedin-secret",
};

/** The one Pinterest app the sandbox knows: what sandboxConfig("pinterest") hands over. */
export const pinterestSandboxApp = {
  clientId: "1500000",
  clientSecret: "cadence-sandbox-pinterest-secret",
};

/** The one Threads app the sandbox knows: what sandboxConfig("threads") hands to the adapter. */
export const threadsSandboxApp = {
  clientId: "3000000000000003",
  clientSecret: "cadence-sandbox-threads-secret",
  verifyToken: "cadence-sandbox-threads-verify",
};

/** The one TikTok app the sandbox knows: what sandboxConfig("tiktok") hands to the adapter. */
export const tiktokSandboxApp = {
  clientKey: "cadence-sandbox-tiktok",
  clientSecret: "cadence-sandbox-tiktok-secret",
};

/** The one X app the sandbox knows: what sandboxConfig("x") hands to the adapter. */
export const xSandboxApp = {
  clientId: "cadence-sandbox-x",
  clientSecret: "cadence-sandbox-x-secret",
  /** The OAuth 1.0a consumer secret X signs webhooks with. */
  consumerSecret: "cadence-sandbox-x-consumer-secret",
};

/** A network's app on the sandbox: base URLs and credentials, as NetworkApps holds them. */
export interface SandboxApp {
  baseUrls: Record<string, string>;
  clientId: string;
  clientSecret: string;
  webhookSecret?: string;
  webhookVerifyToken?: string;
}

/**
 * Every network on a sandbox origin: one origin hosts each under its own prefix
 * (http://127.0.0.1:4600/x/2/tweets, /mastodon/api/v1/statuses, /bluesky/xrpc/…). Mastodon's
 * client comes from app registration on the sandbox server, so its id and secret are empty.
 * A network the registry lists without a stand-in here is simply not configured locally.
 */
export function sandboxApps(origin: string) {
  const base = origin.replace(/\/+$/, "");
  return {
    x: {
      baseUrls: { api: `${base}/x`, auth: `${base}/x`, web: `${base}/x` },
      clientId: xSandboxApp.clientId,
      clientSecret: xSandboxApp.clientSecret,
      webhookSecret: xSandboxApp.consumerSecret,
    },
    mastodon: {
      baseUrls: { api: `${base}/mastodon` },
      clientId: "",
      clientSecret: "",
    },
    bluesky: {
      baseUrls: { api: `${base}/bluesky`, web: `${base}/bluesky` },
      clientId: "",
      clientSecret: "",
    },
    tiktok: {
      baseUrls: { api: `${base}/tiktok`, auth: `${base}/tiktok`, web: `${base}/tiktok` },
      clientId: tiktokSandboxApp.clientKey,
      clientSecret: tiktokSandboxApp.clientSecret,
    },
    pinterest: {
      baseUrls: { api: `${base}/pinterest`, auth: `${base}/pinterest`, web: `${base}/pinterest` },
      clientId: pinterestSandboxApp.clientId,
      clientSecret: pinterestSandboxApp.clientSecret,
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
    },
    linkedin: {
      baseUrls: { api: `${base}/linkedin`, auth: `${base}/linkedin`, web: `${base}/linkedin` },
      clientId: linkedInSandboxApp.clientId,
      clientSecret: linkedInSandboxApp.clientSecret,
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
      webhookVerifyToken: instagramSandboxApp.verifyToken,
    },
    threads: {
      baseUrls: {
        api: `${base}/threads/graph`,
        auth: `${base}/threads/www`,
        web: `${base}/threads/web`,
      },
      clientId: threadsSandboxApp.clientId,
      clientSecret: threadsSandboxApp.clientSecret,
      webhookVerifyToken: threadsSandboxApp.verifyToken,
    },
  } satisfies Record<string, SandboxApp>;
}

/**
 * The NetworkApps secret's JSON for a stage whose networks are the sandbox at `origin`.
 * Redirects are left to the API's own callback. The local stack and non-production stages
 * (infra/networks.ts) both use it.
 */
export function sandboxNetworkApps(origin: string, extra: Record<string, unknown> = {}): string {
  const apps: Record<string, unknown> = {};
  for (const [network, app] of Object.entries(sandboxApps(origin))) {
    apps[network] = { ...app, ...extra };
  }
  return JSON.stringify(apps);
}
