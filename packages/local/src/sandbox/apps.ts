/**
 * The sandbox's app credentials per network: what a Cadence stage registers as its "app" with
 * each sandbox network. Plain data with no imports, so infra/ can build a stage's NetworkApps
 * from it without bundling the sandbox servers.
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
