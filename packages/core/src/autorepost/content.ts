import { createHash } from "node:crypto";
import { isNetworkId, registry, type SourcePost } from "@cadence/networks";
import * as z from "zod";
import "../util/zod.ts";

/**
 * What a rule reposts and how it reads: the filters a source post must pass, the caption
 * template, and the content hash that catches the same post made twice on the source.
 */

const Hashtag = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .transform((tag) => tag.replace(/^#/, "").toLowerCase());

export const Filters = z
  .object({
    /** The post must carry at least one of these hashtags (none: any post). */
    includeHashtags: z.array(Hashtag).max(30).default([]),
    /** A post carrying any of these is skipped. */
    excludeHashtags: z.array(Hashtag).max(30).default([]),
    /** Bounds on the post's video length, in seconds; posts without video pass. */
    minDurationSeconds: z.number().nonnegative().optional(),
    maxDurationSeconds: z.number().positive().optional(),
    /** Which posts to take: text only, with images, with a video (none: all). */
    mediaTypes: z
      .array(z.enum(["text", "image", "video"]))
      .max(3)
      .default([]),
  })
  .refine(
    (f) =>
      f.minDurationSeconds === undefined ||
      f.maxDurationSeconds === undefined ||
      f.minDurationSeconds <= f.maxDurationSeconds,
    { message: "the minimum length must not be above the maximum", path: ["minDurationSeconds"] },
  );
export type Filters = z.infer<typeof Filters>;

const tagPattern = /(?:^|[^\p{L}\p{N}_&/])[#＃]([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;

export function hashtagsOf(text: string): string[] {
  return [...text.matchAll(tagPattern)].map((match) => (match[1] ?? "").toLowerCase());
}

function typeOf(post: SourcePost): "text" | "image" | "video" {
  if (post.media.some((item) => item.mimeType.startsWith("video/"))) return "video";
  return post.media.length ? "image" : "text";
}

/** Why the post does not pass the rule's filters, or undefined when it does. */
export function filteredOut(post: SourcePost, filters: Filters): string | undefined {
  const tags = new Set(hashtagsOf(post.text));
  if (filters.includeHashtags.length && !filters.includeHashtags.some((tag) => tags.has(tag))) {
    return `it has none of the hashtags the rule asks for (#${filters.includeHashtags.join(", #")})`;
  }
  const excluded = filters.excludeHashtags.find((tag) => tags.has(tag));
  if (excluded) return `it has #${excluded}, which the rule leaves out`;
  const type = typeOf(post);
  if (filters.mediaTypes.length && !filters.mediaTypes.includes(type)) {
    return `it is a ${type} post; the rule takes ${filters.mediaTypes.join(" and ")} posts`;
  }
  const duration = post.media.find((item) => item.durationSeconds !== undefined)?.durationSeconds;
  if (duration !== undefined) {
    if (filters.minDurationSeconds !== undefined && duration < filters.minDurationSeconds) {
      return `its video runs ${duration} s; the rule takes videos of at least ${filters.minDurationSeconds} s`;
    }
    if (filters.maxDurationSeconds !== undefined && duration > filters.maxDurationSeconds) {
      return `its video runs ${duration} s; the rule takes videos of up to ${filters.maxDurationSeconds} s`;
    }
  }
  return undefined;
}

export const templateFields = ["caption", "link", "hashtags", "source", "text", "url"] as const;

function networkName(network: string): string {
  return isNetworkId(network) ? registry[network].displayName : network;
}

/**
 * The text of one repost. `{caption}` is the source text without its hashtags, `{hashtags}`
 * those hashtags, `{link}` the source post's address, `{source}` its network's name; `{text}`
 * and `{url}` (the whole text, the link) stay for rules written before.
 */
export function render(template: string, post: SourcePost, sourceNetwork: string): string {
  const tags = [...post.text.matchAll(tagPattern)].map((match) => `#${match[1]}`);
  const caption = post.text
    .replace(tagPattern, (whole) => whole.replace(/[#＃][\p{L}\p{M}\p{N}_]+$/u, ""))
    .replace(/[ \t]+\n/g, "\n")
    .trim();
  const values: Record<(typeof templateFields)[number], string> = {
    caption,
    link: post.url,
    hashtags: tags.join(" "),
    source: networkName(sourceNetwork),
    text: post.text,
    url: post.url,
  };
  return template
    .replace(
      /\{(caption|link|hashtags|source|text|url)\}/g,
      (_, name: keyof typeof values) => values[name],
    )
    .trim();
}

/**
 * The same post made twice on the source (deleted and posted again, or cross-posted by hand)
 * has the same words and files: its hash is the normalised text and the files' sizes and kinds.
 */
export function contentHash(post: SourcePost): string | undefined {
  const text = post.text
    .normalize("NFKC")
    .replace(/https?:\/\/\S+/g, "")
    .replace(/\s+/g, " ");
  const files = post.media
    .filter((item) => item.sizeBytes > 0)
    .map((item) => `${item.mimeType}:${item.sizeBytes}:${item.durationSeconds ?? ""}`);
  // A post with no words and no sized files has nothing to compare: never a duplicate.
  if (text.trim().length < 3 && files.length === 0) return undefined;
  return createHash("sha256")
    .update(JSON.stringify([text.trim().toLowerCase(), files]))
    .digest("hex")
    .slice(0, 24);
}
