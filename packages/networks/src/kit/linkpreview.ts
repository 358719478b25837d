/**
 * Link previews for networks whose API does not build them (LinkedIn's article content wants a
 * title, a description and a thumbnail from the caller): the page's Open Graph tags, fetched with
 * limits. Best effort: any failure is undefined, never an error.
 */

export interface LinkPreview {
  url: string;
  title: string;
  description: string;
  imageUrl?: string;
}

export interface PreviewFetch {
  fetch?: typeof fetch;
  /** True when Cadence talks to the local sandbox, whose pages live on loopback too. */
  allowLoopback: boolean;
}

/** The first http(s) link in a text, as people write them. */
export function firstLink(text: string): string | undefined {
  return text.match(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/)?.[0];
}

export async function readLinkPreview(
  link: string,
  options: PreviewFetch,
): Promise<LinkPreview | undefined> {
  try {
    const page = await fetchPublic(link, { ...options, maxBytes: 1_000_000, type: "text/html" });
    if (!page) return undefined;
    const html = new TextDecoder().decode(page.bytes);
    const title =
      meta(html, "og:title") ?? html.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1]?.trim() ?? link;
    const image = meta(html, "og:image");
    return {
      url: link,
      title: decode(title),
      description: decode(meta(html, "og:description") ?? meta(html, "description") ?? ""),
      ...(image ? { imageUrl: new URL(decode(image), link).href } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Fetches a public URL of the expected type, up to `maxBytes`. The publisher runs inside our
 * cloud, so a link in a post must not make it read private addresses.
 */
export async function fetchPublic(
  url: string,
  options: PreviewFetch & { maxBytes: number; type: string },
): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string } | undefined> {
  if (!fetchable(url, options.allowLoopback)) return undefined;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      signal: AbortSignal.timeout(5000),
      redirect: "follow",
    });
    const type = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    if (!response.ok || !type.startsWith(options.type)) {
      await response.body?.cancel();
      return undefined;
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.byteLength > options.maxBytes ? undefined : { bytes, type };
  } catch {
    return undefined;
  }
}

function fetchable(url: string, allowLoopback: boolean): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (allowLoopback) return protocol === "http:" || protocol === "https:";
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
