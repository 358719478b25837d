import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import { metaErrorReader, metaGraphVersion } from "../kit/meta-graph.ts";
import type { NetworkConfig } from "../types.ts";

export const facebookName = { network: "facebook", displayName: "Facebook" } as const;

/**
 * Facebook's base URLs (config.baseUrls): `auth` (https://www.facebook.com) for the login dialog,
 * `api` (https://graph.facebook.com) for the Graph API and the token endpoint, `video`
 * (https://graph-video.facebook.com) for video uploads, `web` (https://www.facebook.com).
 * Every Graph path carries the pinned version (kit/meta-graph.ts).
 */
export interface FacebookApi {
  http: HttpClient;
  config: NetworkConfig;
  graph(path: string): string;
  video(path: string): string;
  dialogUrl: string;
  web: string;
}

export function createFacebookApi(config: NetworkConfig): FacebookApi {
  const api = baseUrl(config.baseUrls.api ?? "https://graph.facebook.com");
  const video = baseUrl(config.baseUrls.video ?? "https://graph-video.facebook.com");
  const auth = baseUrl(config.baseUrls.auth ?? "https://www.facebook.com");
  return {
    http: createHttp({
      ...facebookName,
      readError: metaErrorReader(facebookName),
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    graph: (path) => `${api}/${metaGraphVersion}${path}`,
    video: (path) => `${video}/${metaGraphVersion}${path}`,
    dialogUrl: `${auth}/${metaGraphVersion}/dialog/oauth`,
    web: baseUrl(config.baseUrls.web ?? "https://www.facebook.com"),
  };
}
