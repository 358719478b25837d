import { firstLink, readLinkPreview } from "../kit/linkpreview.ts";
import type { MediaItem } from "../types.ts";
import type { LinkedInApi } from "./api.ts";
import { uploadLinkedInImage, uploadLinkedInImageFrom, uploadLinkedInVideo } from "./media.ts";

// Reserved in LinkedIn's "little text" format, which `commentary` is written in.
const reserved = /[\\|{}@[\]()<>#*_~]/g;
const hashtag = /(^|[^\p{L}\p{N}_&/])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;

/**
 * Text as Posts API commentary (learn.microsoft.com/linkedin/marketing/community-management/
 * shares/little-text-format): reserved characters escaped with a backslash, or LinkedIn drops
 * the text after them; hashtags as `{hashtag|\#|tag}` so they stay hashtags.
 */
export function littleText(text: string): string {
  const escaped = (part: string) => part.replace(reserved, (char) => `\\${char}`);
  let out = "";
  let last = 0;
  for (const match of text.matchAll(hashtag)) {
    const start = (match.index ?? 0) + (match[1] ?? "").length;
    out += `${escaped(text.slice(last, start))}{hashtag|\\#|${escaped(match[2] ?? "")}}`;
    last = start + 1 + (match[2] ?? "").length;
  }
  return out + escaped(text.slice(last));
}

/** Commentary back to what people read: templates to their text, escapes removed. */
export function plainText(commentary: string): string {
  return commentary
    .replace(/\{hashtag\|\\?#\|((?:\\.|[^}])*)\}/g, "#$1")
    .replace(/@\[((?:\\.|[^\]])*)\]\([^)]*\)/g, "$1")
    .replace(/\\(.)/g, "$1");
}

/**
 * The `content` of a post: one image or video as `media`, 2 to 20 images as `multiImage`, or,
 * for a text post with a link, an `article` card built from the page's Open Graph tags (LinkedIn
 * does not fetch them itself for API posts). No card when the page cannot be read.
 */
export async function postContent(
  li: LinkedInApi,
  accessToken: string,
  author: string,
  input: { text: string; media: MediaItem[]; options?: Record<string, unknown> },
): Promise<Record<string, unknown> | undefined> {
  const [first] = input.media;
  if (first?.mimeType.startsWith("video/")) {
    const id = await uploadLinkedInVideo(li, accessToken, author, first);
    const title = typeof input.options?.title === "string" ? input.options.title : undefined;
    return { media: { id, ...(title ? { title } : {}) } };
  }
  if (input.media.length > 0) {
    const images: { id: string; altText?: string }[] = [];
    for (const item of input.media) {
      const id = await uploadLinkedInImageFrom(li, accessToken, author, item);
      images.push({ id, ...(item.altText ? { altText: item.altText } : {}) });
    }
    return images.length === 1 ? { media: images[0] } : { multiImage: { images } };
  }
  const link = input.options?.linkPreview === false ? undefined : firstLink(input.text);
  return link ? articleContent(li, accessToken, author, link) : undefined;
}

async function articleContent(
  li: LinkedInApi,
  accessToken: string,
  author: string,
  link: string,
): Promise<Record<string, unknown>> {
  const preview = await readLinkPreview(link, { imageMaxBytes: 5_000_000 });
  const thumbnail = preview?.image
    ? await uploadLinkedInImage(li, accessToken, author, {
        bytes: preview.image.bytes,
        contentType: preview.image.type,
      }).catch(() => undefined)
    : undefined;
  return {
    article: {
      source: link,
      title: preview?.title ?? new URL(link).hostname,
      ...(preview?.description ? { description: preview.description } : {}),
      ...(thumbnail ? { thumbnail } : {}),
    },
  };
}
