import { sha256 } from "../util/id.ts";

/** One feed entry, the same whichever format it came in. */
export interface FeedEntry {
  /** The entry's own id (RSS guid, Atom id, JSON Feed id), else its link. */
  id: string;
  title: string;
  /** The entry's text without markup. */
  summary: string;
  link: string;
  /** An image that stands for the entry: an image enclosure, JSON Feed `image`, a media:content. */
  imageUrl?: string;
  publishedAt?: string;
}

export interface ParsedFeed {
  title: string;
  /** Oldest first, so posts go out in the order the feed published them. */
  entries: FeedEntry[];
}

/** The entry's key in the seen markers: the feed and the entry's id, hashed to a fixed length. */
export function entryHash(feedId: string, entry: Pick<FeedEntry, "id">): string {
  return sha256(`${feedId}\n${entry.id}`).slice(0, 32);
}

/** The template's words for an entry: `{title}`, `{summary}`, `{link}`, `{feed}`. */
export function renderEntry(template: string, entry: FeedEntry, feedTitle: string): string {
  const values: Record<string, string> = {
    title: entry.title,
    summary:
      entry.summary.length > 500 ? `${entry.summary.slice(0, 499).trimEnd()}…` : entry.summary,
    link: entry.link,
    feed: feedTitle,
  };
  return template
    .replace(/\{(title|summary|link|feed)\}/g, (_, key: string) => values[key] ?? "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
