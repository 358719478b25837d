import { download } from "./outbound.ts";

/**
 * Link previews for networks whose API does not build them (LinkedIn's article content, Bluesky's
 * external embed): the page's Open Graph tags and its picture, fetched through the outbound guard
 * with size and time caps. Best effort: any failure is no preview, never a failed post.
 */

export interface LinkPreview {
  url: string;
  title: string;
  description: string;
  imageUrl?: string;
  /** The picture's bytes, when `imageMaxBytes` was given and the picture fit. */
  image?: { bytes: Uint8Array<ArrayBuffer>; type: string };
}

const maxPageBytes = 1_000_000;

/** The first http(s) link in a text, as people write them. */
export function firstLink(text: string): string | undefined {
  return text.match(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/)?.[0];
}

export async function readLinkPreview(
  link: string,
  options: { imageMaxBytes?: number } = {},
): Promise<LinkPreview | undefined> {
  try {
    const page = await download(link, { maxBytes: maxPageBytes, type: "text/html" });
    const html = new TextDecoder().decode(page.bytes);
    const title =
      meta(html, "og:title") ?? html.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1]?.trim() ?? link;
    const imageText = meta(html, "og:image");
    const imageUrl =
      imageText && URL.canParse(decode(imageText), link)
        ? new URL(decode(imageText), link).href
        : undefined;
    const image =
      imageUrl && options.imageMaxBytes
        ? await download(imageUrl, { maxBytes: options.imageMaxBytes, type: "image/" }).catch(
            () => undefined,
          )
        : undefined;
    return {
      url: link,
      title: decode(title),
      description: decode(meta(html, "og:description") ?? meta(html, "description") ?? ""),
      ...(imageUrl ? { imageUrl } : {}),
      ...(image ? { image: { bytes: image.bytes, type: image.type } } : {}),
    };
  } catch {
    return undefined;
  }
}

function meta(html: string, name: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const key = tag.match(/\b(?:property|name)\s*=\s*["']([^"']+)["']/i)?.[1];
    if (key?.toLowerCase() === name) return tag.match(/\bcontent\s*=\s*["']([^"']*)["']/i)?.[1];
  }
  return undefined;
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .slice(0, 300);
}
