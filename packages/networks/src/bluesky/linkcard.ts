import { isLoopback } from "../kit/http.ts";
import type { BlueskyApi } from "./api.ts";
import { uploadBlob } from "./media.ts";

const maxPageBytes = 1_000_000;
const maxThumbBytes = 1_000_000; // app.bsky.embed.external thumb maxSize

/**
 * Bluesky shows a link card only when the post carries one (app.bsky.embed.external with uri,
 * title, description and an optional thumb blob); the client builds it from the page's Open
 * Graph tags. Best effort: any failure means a post without a card, never a failed post.
 */
export async function linkCard(
  api: BlueskyApi,
  accessToken: string,
  link: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const page = await fetchLimited(api, link, maxPageBytes, "text/html");
    if (!page) return undefined;
    const html = new TextDecoder().decode(page.bytes);
    const title =
      meta(html, "og:title") ?? html.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1]?.trim() ?? link;
    const description = meta(html, "og:description") ?? meta(html, "description") ?? "";
    const image = meta(html, "og:image");
    let thumb: unknown;
    if (image) {
      const picture = await fetchLimited(api, new URL(image, link).href, maxThumbBytes, "image/");
      if (picture) thumb = await uploadBlob(api, accessToken, picture.bytes, picture.type);
    }
    return {
      $type: "app.bsky.embed.external",
      external: {
        uri: link,
        title: decode(title),
        description: decode(description),
        ...(thumb ? { thumb } : {}),
      },
    };
  } catch {
    return undefined;
  }
}

async function fetchLimited(
  api: BlueskyApi,
  url: string,
  maxBytes: number,
  expectedType: string,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string } | undefined> {
  if (!fetchable(api, url)) return undefined;
  const response = await (api.config.fetch ?? fetch)(url, {
    signal: AbortSignal.timeout(5000),
    redirect: "follow",
  });
  const type = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
  if (!response.ok || !type.startsWith(expectedType)) {
    await response.body?.cancel();
    return undefined;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return bytes.byteLength > maxBytes ? undefined : { bytes, type };
}

/**
 * Public web pages only: the publisher runs inside our cloud, so a post's link must not make it
 * fetch private addresses. The local sandbox (itself on loopback) is the exception.
 */
function fetchable(api: BlueskyApi, url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (isLoopback(api.service)) return protocol === "http:" || protocol === "https:";
  if (protocol !== "https:") return false;
  return !/^(localhost|127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|\[|0\.)/i.test(
    hostname,
  );
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
