/**
 * The networks as the API describes them (`GET /networks`, read once per page by the app
 * frame): names, text limits, media counts, options and capabilities all come from there.
 *
 * What stays here is what an API answer cannot carry: a cheap local count of the text in the
 * way the network counts it (the API names the way), so the composer warns while a person
 * types without shipping the rules (and twitter-text) to the browser. The API checks every
 * post again when it is scheduled, and its answer is the one that counts.
 */
import { client, ok, type Schema } from "./api.ts";

type Network = Schema<"Network">;
export type NetworkOption = Network["options"][number];

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
  /** How an account connects: OAuth or an app password, and whether it names its server. */
  connect: Network["connect"];
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

const encoderLength = (text: string) => encoder.encode(text).byteLength;

/** Each of the API's ways of counting text, done in the browser. */
const counters: Record<Network["text"]["counting"], (text: string) => number> = {
  weighted: xWeightedLength,
  graphemes,
  graphemes_links_23: mastodonLength,
  emoji_bytes: threadsLength,
  utf8_bytes: encoderLength,
  utf16_units: (text) => text.length,
  code_points: (text) => [...text].length,
};

function infoOf(network: Network): NetworkInfo {
  return {
    id: network.id,
    name: network.name,
    limit: network.text.maxLength,
    unit: network.text.unit,
    count: counters[network.text.counting],
    threads: network.capabilities.threads,
    firstComment: network.capabilities.firstComment,
    maxMedia: network.media.maxItems,
    requiresMedia: network.media.required,
    options: network.options,
    connect: network.connect,
  };
}

let known: Network[] = [];
let loading: Promise<void> | undefined;

/**
 * Reads the networks once per page; the app frame awaits it before a page renders, so the
 * lookups below can stay synchronous. Each network's colour becomes its `.net-<id>` class.
 */
export function loadNetworks(): Promise<void> {
  loading ??= ok(client.GET("/networks")).then(({ data }) => {
    known = data.items;
    paintNetworkColours(known);
  });
  return loading;
}

/** `--net` per network from the API's brand colour, lightened where the page is dark. */
function paintNetworkColours(networks: Network[]): void {
  const light = networks.map((n) => `.net-${n.id} { --net: ${n.color}; }`);
  const dark = networks.map(
    (n) => `.net-${n.id} { --net: color-mix(in srgb, ${n.color} 60%, white); }`,
  );
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    `${light.join("\n")}\n@media (prefers-color-scheme: dark) {\n${dark.join("\n")}\n}`,
  );
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** The networks in the API's display order. */
export function networkIds(): string[] {
  return known.map((network) => network.id);
}

export function networkOf(id: string): NetworkInfo {
  const network = known.find((candidate) => candidate.id === id);
  if (network) return infoOf(network);
  // A network this page has not heard of: show its id and let the API judge the text.
  return {
    id,
    name: id,
    limit: 100_000,
    unit: "characters",
    count: graphemes,
    threads: false,
    firstComment: false,
    maxMedia: 10,
    requiresMedia: false,
    options: [],
    connect: { method: "oauth", server: "none" },
  };
}

export function networkName(id: string): string {
  return networkOf(id).name;
}
