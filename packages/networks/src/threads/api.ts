import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import { metaErrorReader } from "../kit/meta-graph.ts";
import type { NetworkConfig } from "../types.ts";

export const threadsName = { network: "threads", displayName: "Threads" } as const;

/** The Threads API has its own version, apart from the Graph API's. */
export const threadsVersion = "v1.0";

/**
 * Threads' base URLs (config.baseUrls): `auth` (https://threads.net) for /oauth/authorize, `api`
 * (https://graph.threads.net) for the token endpoints and the versioned API, `web`
 * (https://www.threads.com) for profile links; post links come from the API's permalinks.
 */
export interface ThreadsApi {
  http: HttpClient;
  config: NetworkConfig;
  /** The versioned API: /v1.0/… */
  url(path: string): string;
  /** The host without a version: /oauth/access_token, /access_token, /refresh_access_token. */
  host: string;
  authorizeUrl: string;
  profileUrl(username: string): string;
}

export function createThreadsApi(config: NetworkConfig): ThreadsApi {
  const api = baseUrl(config.baseUrls.api ?? "https://graph.threads.net");
  const auth = baseUrl(config.baseUrls.auth ?? "https://threads.net");
  const web = baseUrl(config.baseUrls.web ?? "https://www.threads.com");
  return {
    http: createHttp({
      ...threadsName,
      readError: metaErrorReader(threadsName),
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    url: (path) => `${api}/${threadsVersion}${path}`,
    host: api,
    authorizeUrl: `${auth}/oauth/authorize`,
    profileUrl: (username) => `${web}/@${username}`,
  };
}
