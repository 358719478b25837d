import { parseFeed } from "feedsmith";
import { convert } from "html-to-text";
import type { FeedEntry, ParsedFeed } from "./entry.ts";

// Reading a feed's text: loaded on first use (`await import`), since the parser and the HTML to
// text converter are most of the feeds function's size and the API needs them only when a feed
// is added.

const textOf = (value: unknown): string => {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "value" in value) return String(value.value ?? "");
  return "";
};

function plain(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: "img", format: "skip" },
      { selector: "a", options: { ignoreHref: true } },
    ],
  })
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const isImage = (type: string | undefined, url: string) =>
  type ? type.startsWith("image/") : /\.(jpe?g|png|gif|webp)(\?|$)/i.test(url);

function instant(value: unknown): string | undefined {
  const text = textOf(value);
  const at = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

type Parsed = ReturnType<typeof parseFeed>;

function entriesOf(parsed: Parsed): { title: string; entries: FeedEntry[] } {
  switch (parsed.format) {
    case "rss":
    case "rdf": {
      const feed = parsed.feed as {
        title?: string;
        items?: {
          title?: string;
          link?: string;
          description?: string;
          content?: { encoded?: string };
          guid?: { value?: string } | string;
          pubDate?: string;
          dc?: { date?: string };
          enclosures?: { url: string; type?: string }[];
          media?: { contents?: { url?: string; type?: string; medium?: string }[] };
        }[];
      };
      return {
        title: textOf(feed.title),
        entries: (feed.items ?? []).map((item) => {
          const link = item.link ?? "";
          const media = item.media?.contents?.find(
            (c) => c.url && (c.medium === "image" || isImage(c.type, c.url)),
          );
          const enclosure = item.enclosures?.find((e) => isImage(e.type, e.url));
          return {
            id: textOf(item.guid) || link,
            title: plain(item.title ?? ""),
            summary: plain(item.description ?? item.content?.encoded ?? ""),
            link,
            imageUrl: enclosure?.url ?? media?.url,
            publishedAt: instant(item.pubDate ?? item.dc?.date),
          };
        }),
      };
    }
    case "atom": {
      const feed = parsed.feed as {
        title?: unknown;
        entries?: {
          id?: string;
          title?: unknown;
          summary?: unknown;
          content?: unknown;
          links?: { href: string; rel?: string; type?: string }[];
          published?: string;
          updated?: string;
        }[];
      };
      return {
        title: plain(textOf(feed.title)),
        entries: (feed.entries ?? []).map((entry) => {
          const links = entry.links ?? [];
          const link =
            links.find((l) => !l.rel || l.rel === "alternate")?.href ?? links[0]?.href ?? "";
          const image = links.find((l) => l.rel === "enclosure" && isImage(l.type, l.href));
          return {
            id: entry.id || link,
            title: plain(textOf(entry.title)),
            summary: plain(textOf(entry.summary) || textOf(entry.content)),
            link,
            imageUrl: image?.href,
            publishedAt: instant(entry.published ?? entry.updated),
          };
        }),
      };
    }
    case "json": {
      const feed = parsed.feed as {
        title?: string;
        items?: {
          id?: string | number;
          url?: string;
          title?: string;
          summary?: string;
          content_text?: string;
          content_html?: string;
          image?: string;
          banner_image?: string;
          date_published?: string;
          attachments?: { url: string; mime_type?: string }[];
        }[];
      };
      return {
        title: feed.title ?? "",
        entries: (feed.items ?? []).map((item) => {
          const attached = item.attachments?.find((a) => isImage(a.mime_type, a.url));
          return {
            id: String(item.id ?? "") || (item.url ?? ""),
            title: plain(item.title ?? ""),
            summary:
              item.summary ??
              item.content_text ??
              (item.content_html ? plain(item.content_html) : ""),
            link: item.url ?? "",
            imageUrl: item.image ?? item.banner_image ?? attached?.url,
            publishedAt: instant(item.date_published),
          };
        }),
      };
    }
  }
}

/**
 * Reads an RSS, Atom, RDF or JSON Feed document (feedsmith detects which). Entries without an
 * id or a link cannot be told apart from one fetch to the next, so they are left out. Returns
 * undefined when the text is not a feed.
 */
export function parseFeedText(text: string): ParsedFeed | undefined {
  let parsed: Parsed;
  try {
    parsed = parseFeed(text);
  } catch {
    // feedsmith throws for anything it cannot read as a feed: the caller says "not a feed".
    return undefined;
  }
  const { title, entries } = entriesOf(parsed);
  const dated = entries
    .filter((entry) => entry.id)
    .map((entry, index) => ({ entry, index }))
    // Feeds list newest first by custom; dates decide where given, else the reversed order.
    .sort(
      (a, b) =>
        (a.entry.publishedAt && b.entry.publishedAt
          ? a.entry.publishedAt.localeCompare(b.entry.publishedAt)
          : 0) || b.index - a.index,
    );
  return { title, entries: dated.map(({ entry }) => entry) };
}
