import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import type { NetworkConfig } from "../types.ts";
import { readPinterestError } from "./errors.ts";

export const pinterestName = { network: "pinterest", displayName: "Pinterest" } as const;

/**
 * Pinterest's base URLs (config.baseUrls): `api` (https://api.pinterest.com) for API v5 and
 * its token endpoint, `auth` (https://www.pinterest.com) for the authorize page at /oauth/,
 * `web` (https://www.pinterest.com) for Pin links.
 */
export interface PinterestApi {
  http: HttpClient;
  config: NetworkConfig;
  /** A v5 path: url("/pins") → https://api.pinterest.com/v5/pins. */
  url(path: string): string;
  authorizeUrl: string;
  pinUrl(id: string): string;
  profileUrl(username: string): string;
}

export function createPinterestApi(config: NetworkConfig): PinterestApi {
  const api = baseUrl(config.baseUrls.api ?? "https://api.pinterest.com");
  const auth = baseUrl(config.baseUrls.auth ?? "https://www.pinterest.com");
  const web = baseUrl(config.baseUrls.web ?? "https://www.pinterest.com");
  return {
    http: createHttp({
      ...pinterestName,
      readError: readPinterestError,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    url: (path) => `${api}/v5${path}`,
    authorizeUrl: `${auth}/oauth/`,
    pinUrl: (id) => `${web}/pin/${id}/`,
    profileUrl: (username) => `${web}/${username}/`,
  };
}
