import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import type { NetworkConfig } from "../types.ts";
import { readTikTokError } from "./errors.ts";

export const tiktokName = { network: "tiktok", displayName: "TikTok" } as const;

/**
 * TikTok's base URLs (config.baseUrls): `api` (https://open.tiktokapis.com) for the v2 API and
 * the token endpoints, `auth` (https://www.tiktok.com) for the authorize page, `web`
 * (https://www.tiktok.com) for post links. Upload URLs come from TikTok with each upload.
 */
export interface TikTokApi {
  http: HttpClient;
  config: NetworkConfig;
  url(path: string): string;
  authorizeUrl: string;
  postUrl(username: string, id: string, kind: "video" | "photo"): string;
  profileUrl(username: string): string;
}

export function createTikTokApi(config: NetworkConfig): TikTokApi {
  const api = baseUrl(config.baseUrls.api ?? "https://open.tiktokapis.com");
  const auth = baseUrl(config.baseUrls.auth ?? "https://www.tiktok.com");
  const web = baseUrl(config.baseUrls.web ?? "https://www.tiktok.com");
  return {
    http: createHttp({
      ...tiktokName,
      readError: readTikTokError,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    url: (path) => `${api}${path}`,
    authorizeUrl: `${auth}/v2/auth/authorize/`,
    postUrl: (username, id, kind) => `${web}/@${username}/${kind}/${id}`,
    profileUrl: (username) => `${web}/@${username}`,
  };
}
