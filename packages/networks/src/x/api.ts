import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import type { NetworkConfig } from "../types.ts";
import { readXError } from "./errors.ts";

export const xName = { network: "x", displayName: "X" } as const;

/**
 * X's base URLs (config.baseUrls): `api` (https://api.x.com) for the API and token endpoint,
 * `auth` (https://x.com) for the authorize page, `web` (https://x.com) for post links.
 */
export interface XApi {
  http: HttpClient;
  config: NetworkConfig;
  url(path: string): string;
  authorizeUrl: string;
  postUrl(username: string, id: string): string;
  profileUrl(username: string): string;
}

export function createXApi(config: NetworkConfig): XApi {
  const api = baseUrl(config.baseUrls.api ?? "https://api.x.com");
  const auth = baseUrl(config.baseUrls.auth ?? "https://x.com");
  const web = baseUrl(config.baseUrls.web ?? "https://x.com");
  return {
    http: createHttp({
      ...xName,
      readError: readXError,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    url: (path) => `${api}${path}`,
    authorizeUrl: `${auth}/i/oauth2/authorize`,
    postUrl: (username, id) => `${web}/${username}/status/${id}`,
    profileUrl: (username) => `${web}/${username}`,
  };
}
