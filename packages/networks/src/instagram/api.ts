import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import { metaErrorReader, metaGraphVersion } from "../kit/meta-graph.ts";
import type { NetworkConfig, TokenSet } from "../types.ts";

export const instagramName = { network: "instagram", displayName: "Instagram" } as const;

/** How an account connected: Business Login for Instagram, or Facebook Login through a Page. */
export type InstagramLogin = "instagram" | "facebook";

/**
 * Instagram's base URLs (config.baseUrls). Instagram Login: `auth` (https://www.instagram.com) for
 * /oauth/authorize, `token` (https://api.instagram.com) for /oauth/access_token, `api`
 * (https://graph.instagram.com) for long-lived tokens and the Graph API. Facebook Login:
 * `facebookAuth` (https://www.facebook.com) for the dialog, `facebookApi`
 * (https://graph.facebook.com). `web` (https://www.instagram.com) for profile links.
 */
export interface InstagramApi {
  http: HttpClient;
  config: NetworkConfig;
  /** The Graph API of the login the token came from, versioned. */
  graph(login: InstagramLogin, path: string): string;
  /** graph.instagram.com without a version: /access_token, /refresh_access_token. */
  instagramHost: string;
  facebookHost: string;
  authorizeUrl: string;
  tokenUrl: string;
  facebookDialogUrl: string;
  profileUrl(username: string): string;
}

export function createInstagramApi(config: NetworkConfig): InstagramApi {
  const instagramHost = baseUrl(config.baseUrls.api ?? "https://graph.instagram.com");
  const facebookHost = baseUrl(config.baseUrls.facebookApi ?? "https://graph.facebook.com");
  const auth = baseUrl(config.baseUrls.auth ?? "https://www.instagram.com");
  const token = baseUrl(config.baseUrls.token ?? "https://api.instagram.com");
  const facebookAuth = baseUrl(config.baseUrls.facebookAuth ?? "https://www.facebook.com");
  const web = baseUrl(config.baseUrls.web ?? "https://www.instagram.com");
  return {
    http: createHttp({
      ...instagramName,
      readError: metaErrorReader(instagramName),
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    graph: (login, path) =>
      `${login === "facebook" ? facebookHost : instagramHost}/${metaGraphVersion}${path}`,
    instagramHost,
    facebookHost,
    authorizeUrl: `${auth}/oauth/authorize`,
    tokenUrl: `${token}/oauth/access_token`,
    facebookDialogUrl: `${facebookAuth}/${metaGraphVersion}/dialog/oauth`,
    profileUrl: (username) => `${web}/${username}/`,
  };
}

/** Which login a stored token came from; Instagram Login unless the context says Facebook. */
export function loginOf(tokens: TokenSet): InstagramLogin {
  return tokens.context?.login === "facebook" ? "facebook" : "instagram";
}
