import { readLinkPreview } from "../kit/linkpreview.ts";
import type { BlueskyApi } from "./api.ts";
import { uploadBlob } from "./media.ts";

const maxThumbBytes = 1_000_000; // app.bsky.embed.external thumb maxSize

/**
 * Bluesky shows a link card only when the post carries one (app.bsky.embed.external with uri,
 * title, description and an optional thumb blob); the client builds it from the kit's link
 * preview. Best effort: any failure means a post without a card, never a failed post.
 */
export async function linkCard(
  api: BlueskyApi,
  accessToken: string,
  link: string,
): Promise<Record<string, unknown> | undefined> {
  const preview = await readLinkPreview(link, { imageMaxBytes: maxThumbBytes });
  if (!preview) return undefined;
  const thumb = preview.image
    ? await uploadBlob(api, accessToken, preview.image.bytes, preview.image.type).catch(
        () => undefined,
      )
    : undefined;
  return {
    $type: "app.bsky.embed.external",
    external: {
      uri: link,
      title: preview.title,
      description: preview.description,
      ...(thumb ? { thumb } : {}),
    },
  };
}
