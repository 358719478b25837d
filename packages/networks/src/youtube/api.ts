import { baseUrl, createHttp, type HttpClient } from "../kit/http.ts";
import type { NetworkConfig } from "../types.ts";
import { readYouTubeError } from "./errors.ts";

export const youtubeName = { network: "youtube", displayName: "YouTube" } as const;

/**
 * YouTube's base URLs (config.baseUrls): `api` (https://www.googleapis.com) for the Data API v3
 * at /youtube/v3 and uploads at /upload/youtube/v3, `web` (https://www.youtube.com) for links,
 * and Google's OAuth keys `accounts` and `oauth` (kit/google.ts).
 */
export interface YouTubeApi {
  http: HttpClient;
  config: NetworkConfig;
  /** A Data API path: data("/videos") → https://www.googleapis.com/youtube/v3/videos. */
  data(path: string): string;
  /** An upload path: upload("/videos") → https://www.googleapis.com/upload/youtube/v3/videos. */
  upload(path: string): string;
  videoUrl(id: string, short: boolean): string;
  channelUrl(channel: { id: string; customUrl?: string }): string;
}

export function createYouTubeApi(config: NetworkConfig): YouTubeApi {
  const api = baseUrl(config.baseUrls.api ?? "https://www.googleapis.com");
  const web = baseUrl(config.baseUrls.web ?? "https://www.youtube.com");
  return {
    http: createHttp({
      ...youtubeName,
      readError: readYouTubeError,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
    }),
    config,
    data: (path) => `${api}/youtube/v3${path}`,
    upload: (path) => `${api}/upload/youtube/v3${path}`,
    videoUrl: (id, short) => (short ? `${web}/shorts/${id}` : `${web}/watch?v=${id}`),
    channelUrl: (channel) =>
      channel.customUrl ? `${web}/${channel.customUrl}` : `${web}/channel/${channel.id}`,
  };
}
