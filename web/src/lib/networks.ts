/**
 * What the composer knows about each network without asking the API: its name, what a post
 * there can hold (threads, a first comment, options), and a cheap local count of its text.
 *
 * The counts mirror packages/networks' rules closely enough to warn while typing, without
 * shipping those rules (and twitter-text) to the browser. The API checks every post again
 * when it is scheduled, and its answer is the one that counts.
 */

export type NetworkOption =
  | "title"
  | "privacy"
  | "shorts"
  | "boardId"
  | "link"
  | "linkCard"
  | "postType";

export interface NetworkInfo {
  id: string;
  name: string;
  /** The text limit, in the unit the network counts. */
  limit: number;
  unit: string;
  count(text: string): number;
  threads: boolean;
  firstComment: boolean;
  maxMedia: number;
  requiresMedia: boolean;
  options: NetworkOption[];
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const encoder = new TextEncoder();
const pictographic = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

export function graphemes(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

// Links the networks shorten or count at a fixed length: with a scheme, or a bare domain
// with a common top-level domain (twitter-text knows every TLD; these cover most posts).
const linkPattern =
  /\bhttps?:\/\/[^\s<>"]+|\b(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|io|co|dev|app|ai|me|uk|de|fr|eu|info|blog|news|ly|gl|to|tv|xyz)\b(?:\/[^\s<>"]*)?/giu;

/** Links in a text with their positions; trailing punctuation is not part of a link. */
export function links(text: string, withSchemeOnly = false): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (const match of text.matchAll(linkPattern)) {
    const value = match[0].replace(/[.,:;!?)\]'"]+$/u, "");
    if (withSchemeOnly && !/^https?:\/\//i.test(value)) continue;
    const start = match.index ?? 0;
    // A domain inside an email address is not a link.
    if (text[start - 1] === "@") continue;
    found.push({ start, end: start + value.length });
  }
  return found;
}

/** Replaces every link with a placeholder of `length` characters. */
function withLinksAs(text: string, length: number, withSchemeOnly: boolean): string {
  let result = "";
  let position = 0;
  for (const link of links(text, withSchemeOnly)) {
    result += text.slice(position, link.start) + "x".repeat(length);
    position = link.end;
  }
  return result + text.slice(position);
}

/**
 * X's weighted length (twitter-text v3 configuration): links 23, emoji 2, code points in the
 * Latin, Greek, Cyrillic, Hebrew, Arabic, Indic … blocks and common punctuation 1, others
 * (CJK, Hangul, …) 2; the text is NFC-normalized first.
 */
export function xWeightedLength(text: string): number {
  let weight = 0;
  for (const { segment } of segmenter.segment(withLinksAs(text.normalize("NFC"), 23, false))) {
    if (pictographic.test(segment)) {
      weight += 2;
      continue;
    }
    for (const char of segment) weight += lightweight(char.codePointAt(0) ?? 0) ? 1 : 2;
  }
  return weight;
}

function lightweight(code: number): boolean {
  return (
    code <= 0x10ff ||
    (code >= 0x2000 && code <= 0x200d) ||
    (code >= 0x2010 && code <= 0x201f) ||
    (code >= 0x2032 && code <= 0x2037)
  );
}

const remoteMention =
  /(?<![=/\p{L}\p{N}_])(@[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[\p{L}\p{N}_.-]+[\p{L}\p{N}_]+/giu;

/** Mastodon: graphemes, every http(s) link 23, a remote mention only its "@user". */
export function mastodonLength(text: string): number {
  return graphemes(withLinksAs(text, 23, true).replace(remoteMention, "$1"));
}

/** Threads: 500 characters, each emoji counted as its UTF-8 bytes. */
export function threadsLength(text: string): number {
  let length = 0;
  for (const { segment } of segmenter.segment(text)) {
    length += pictographic.test(segment) ? encoder.encode(segment).byteLength : 1;
  }
  return length;
}

const utf8 = (text: string) => encoder.encode(text).byteLength;
const codePoints = (text: string) => [...text].length;
const utf16 = (text: string) => text.length;

const info = (
  id: string,
  name: string,
  limit: number,
  count: (text: string) => number,
  more: Partial<NetworkInfo> = {},
): NetworkInfo => ({
  id,
  name,
  limit,
  unit: "characters",
  count,
  threads: false,
  firstComment: true,
  maxMedia: 10,
  requiresMedia: false,
  options: [],
  ...more,
});

export const networks: Record<string, NetworkInfo> = {
  x: info("x", "X", 280, xWeightedLength, {
    unit: "characters (weighted)",
    threads: true,
    maxMedia: 4,
  }),
  mastodon: info("mastodon", "Mastodon", 500, mastodonLength, {
    unit: "characters (links count 23)",
    threads: true,
    maxMedia: 4,
  }),
  bluesky: info("bluesky", "Bluesky", 300, graphemes, { threads: true, maxMedia: 4 }),
  threads: info("threads", "Threads", 500, threadsLength, { threads: true, maxMedia: 20 }),
  linkedin: info("linkedin", "LinkedIn", 3000, graphemes, { maxMedia: 20, options: ["linkCard"] }),
  facebook: info("facebook", "Facebook", 63_206, graphemes, { options: ["linkCard"] }),
  instagram: info("instagram", "Instagram", 2200, graphemes, {
    requiresMedia: true,
    options: ["postType"],
  }),
  tiktok: info("tiktok", "TikTok", 2200, utf16, {
    firstComment: false,
    maxMedia: 35,
    requiresMedia: true,
  }),
  youtube: info("youtube", "YouTube", 5000, utf8, {
    unit: "bytes (UTF-8)",
    maxMedia: 1,
    requiresMedia: true,
    options: ["title", "privacy", "shorts"],
  }),
  pinterest: info("pinterest", "Pinterest", 500, graphemes, {
    firstComment: false,
    maxMedia: 5,
    requiresMedia: true,
    options: ["boardId", "link"],
  }),
  "google-business": info("google-business", "Google Business Profile", 1500, codePoints, {
    firstComment: false,
    maxMedia: 1,
  }),
};

export const networkIds = Object.keys(networks);

export function networkOf(id: string): NetworkInfo {
  return networks[id] ?? info(id, id, 100_000, graphemes);
}

export function networkName(id: string): string {
  return networkOf(id).name;
}
