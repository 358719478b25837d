import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { mediaKind } from "../kit/rules.ts";
import { readMedia } from "../kit/upload.ts";
import type { MediaItem } from "../types.ts";
import { type BlueskyApi, blueskyName } from "./api.ts";
import { blueskyMediaPolicy } from "./rules.ts";

/** A blob reference as the PDS returns it: `{$type: "blob", ref: {$link}, mimeType, size}`. */
const blob = z.object({
  $type: z.literal("blob"),
  ref: z.object({ $link: z.string() }),
  mimeType: z.string(),
  size: z.number(),
});
export type BlobRef = z.infer<typeof blob>;

/** com.atproto.repo.uploadBlob: the raw bytes as the body, their type as Content-Type. */
export async function uploadBlob(
  api: BlueskyApi,
  accessToken: string,
  data: Uint8Array<ArrayBuffer>,
  mimeType: string,
): Promise<BlobRef> {
  const body = await api.http.json({
    operation: "upload media",
    url: api.xrpc("com.atproto.repo.uploadBlob"),
    bearer: accessToken,
    bytes: { data, contentType: mimeType },
    timeoutMs: Math.max(api.config.timeoutMs ?? 0, 60_000),
  });
  return parseBody(blueskyName, "upload media", z.object({ blob }), body).blob;
}

/**
 * The embed for a post's media: app.bsky.embed.images (up to 4, alt text required by the
 * lexicon, so an empty string when none) or app.bsky.embed.video. Video goes up with the simple
 * method from Bluesky's video guide (uploadBlob to the PDS); the AppView processes it after
 * the post appears.
 */
export async function mediaEmbed(
  api: BlueskyApi,
  accessToken: string,
  media: MediaItem[],
): Promise<Record<string, unknown>> {
  const uploads: { item: MediaItem; blob: BlobRef }[] = [];
  for (const item of media) {
    const kind = mediaKind(item.mimeType) ?? "image";
    const limit = blueskyMediaPolicy.kinds[kind]?.maxBytes ?? 0;
    const bytes = await readMedia(
      { ...blueskyName, url: item.url, fetch: api.config.fetch, timeoutMs: api.config.timeoutMs },
      limit,
    );
    uploads.push({ item, blob: await uploadBlob(api, accessToken, bytes, item.mimeType) });
  }
  const video = uploads.find(({ item }) => item.mimeType.startsWith("video/"));
  if (video) {
    return {
      $type: "app.bsky.embed.video",
      video: video.blob,
      ...(video.item.altText ? { alt: video.item.altText } : {}),
      ...aspectRatio(video.item),
    };
  }
  return {
    $type: "app.bsky.embed.images",
    images: uploads.map(({ item, blob: image }) => ({
      image,
      alt: item.altText ?? "",
      ...aspectRatio(item),
    })),
  };
}

function aspectRatio(item: MediaItem): { aspectRatio?: { width: number; height: number } } {
  return item.width && item.height
    ? { aspectRatio: { width: item.width, height: item.height } }
    : {};
}
