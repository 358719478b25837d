import type { NetworkId } from "../types.ts";
import { formatBytes } from "./bytes.ts";

/**
 * Content rules: what each network accepts, checked before a post can be scheduled. Every issue
 * names the network, the field and the limit, so the composer can show it beside the field.
 */
export interface RuleIssue {
  network: NetworkId;
  /** "text", "thread[1].text", "media[0]", "media[2].altText", "firstComment", "options.title". */
  field: string;
  /** Stable: "text_too_long", "too_many_media", "media_too_large", … */
  code: string;
  message: string;
  limit?: number;
  actual?: number;
}

export interface DraftMedia {
  mimeType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  /** "h264", "hevc", … as probed at upload, when known. */
  videoCodec?: string;
  altText?: string;
}

export interface ContentDraft {
  text: string;
  media: DraftMedia[];
  thread?: { text: string; media?: DraftMedia[] }[];
  firstComment?: string;
  options?: Record<string, unknown>;
}

export interface NetworkRules {
  network: NetworkId;
  maxTextLength: number;
  /** Counts text the network's way (X: weighted; Bluesky: graphemes; Mastodon: URLs as 23). */
  countText(text: string): number;
  maxMedia: number;
  requiresMedia: boolean;
  validate(draft: ContentDraft): RuleIssue[];
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** User-perceived characters: a family emoji or a flag counts 1. */
export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

// A tag or mention starts the text or follows a non-word character, as every network parses them.
const hashtagPattern = /(?:^|[^\p{L}\p{N}_&/])[#＃]([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;
const mentionPattern = /(?:^|[^\p{L}\p{N}_@])@([A-Za-z0-9_]+(?:[.@-][A-Za-z0-9_-]+)*)/gu;

export function hashtags(text: string): string[] {
  return [...text.matchAll(hashtagPattern)].map((match) => match[1] ?? "");
}

export function mentions(text: string): string[] {
  return [...text.matchAll(mentionPattern)].map((match) => match[1] ?? "");
}

/** Who the rules belong to, for messages. */
export interface RulesOwner {
  network: NetworkId;
  displayName: string;
}

/** The texts of a draft with their field names and how people call them in messages. */
export function draftTexts(draft: ContentDraft): { field: string; label: string; text: string }[] {
  const texts = [{ field: "text", label: "this post", text: draft.text }];
  (draft.thread ?? []).forEach((part, index) => {
    texts.push({
      field: `thread[${index}].text`,
      label: `thread post ${index + 2}`,
      text: part.text,
    });
  });
  if (draft.firstComment !== undefined) {
    texts.push({ field: "firstComment", label: "the first comment", text: draft.firstComment });
  }
  return texts;
}

/** The media lists of a draft with field prefixes ("media", "thread[0].media"). */
export function draftMedia(
  draft: ContentDraft,
): { field: string; label: string; media: DraftMedia[] }[] {
  const lists = [{ field: "media", label: "this post", media: draft.media }];
  (draft.thread ?? []).forEach((part, index) => {
    lists.push({
      field: `thread[${index}].media`,
      label: `thread post ${index + 2}`,
      media: part.media ?? [],
    });
  });
  return lists;
}

/** "X allows 280 characters (weighted); this post has 281." */
export function checkLength(
  owner: RulesOwner,
  input: { field: string; label: string; actual: number; limit: number; unit: string },
): RuleIssue[] {
  if (input.actual <= input.limit) return [];
  return [
    {
      network: owner.network,
      field: input.field,
      code: "text_too_long",
      message: `${owner.displayName} allows ${input.limit} ${input.unit}; ${input.label} has ${input.actual}.`,
      limit: input.limit,
      actual: input.actual,
    },
  ];
}

export type MediaKind = "image" | "gif" | "video";

export function mediaKind(mimeType: string): MediaKind | undefined {
  if (mimeType === "image/gif") return "gif";
  if (mimeType.startsWith("image/")) return "image";
  if (mimeType.startsWith("video/")) return "video";
  return undefined;
}

/** File types as people know them: the format's everyday name, not its MIME type. */
const formatNames: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/gif": "GIF",
  "image/webp": "WebP",
  "image/heic": "HEIC",
  "video/mp4": "MP4",
  "video/quicktime": "MOV",
  "video/webm": "WebM",
};

/** "PNG image", "MOV video": a file's type in words. */
export function fileTypeName(mimeType: string): string {
  const format = formatNames[mimeType] ?? mimeType.split("/")[1]?.toUpperCase() ?? "unknown";
  const kind = mediaKind(mimeType);
  return kind === "video" ? `${format} video` : kind === "gif" ? "GIF" : `${format} image`;
}

/** "JPEG or WebP images, or MP4 videos": what a network takes, grouped by kind. */
function acceptedInWords(mimeTypes: string[]): string {
  const or = (words: string[]) =>
    words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : (words[0] ?? "");
  const images = mimeTypes.filter((m) => mediaKind(m) === "image").map((m) => formatNames[m] ?? m);
  const gifs = mimeTypes.some((m) => mediaKind(m) === "gif") ? ["GIFs"] : [];
  const videos = mimeTypes.filter((m) => mediaKind(m) === "video").map((m) => formatNames[m] ?? m);
  const groups = [
    ...(images.length ? [`${or(images)} images`] : []),
    ...gifs,
    ...(videos.length ? [`${or(videos)} videos`] : []),
  ];
  return groups.length > 1
    ? `${groups.slice(0, -1).join(", ")}, or ${groups.at(-1)}`
    : (groups[0] ?? "");
}

export interface MediaKindPolicy {
  mimeTypes: string[];
  maxBytes: number;
  /** At most this many of this kind in one post. */
  maxCount?: number;
  /** This kind cannot share a post with other media (X: video, GIF). */
  alone?: boolean;
  minDurationSeconds?: number;
  maxDurationSeconds?: number;
  /** width / height bounds, e.g. 1/3 to 3 for X video. */
  aspectRatio?: { min: number; max: number };
  codecs?: string[];
}

export interface MediaPolicy {
  maxItems: number;
  kinds: Partial<Record<MediaKind, MediaKindPolicy>>;
  /** Maximum alt text length in characters, when the network has one. */
  maxAltText?: number;
}

const kindNames: Record<MediaKind, [string, string]> = {
  image: ["image", "images"],
  gif: ["GIF", "GIFs"],
  video: ["video", "videos"],
};

/** Count, type, size, duration, aspect ratio, codec, mixing and alt text checks for one post. */
export function checkMedia(
  owner: RulesOwner,
  input: { field: string; label: string; media: DraftMedia[] },
  policy: MediaPolicy,
): RuleIssue[] {
  const who = owner.displayName;
  const issues: RuleIssue[] = [];
  const issue = (field: string, code: string, message: string, limit?: number, actual?: number) =>
    issues.push({ network: owner.network, field, code, message, limit, actual });

  if (input.media.length > policy.maxItems) {
    issue(
      input.field,
      "too_many_media",
      `${who} allows ${policy.maxItems} media ${policy.maxItems === 1 ? "file" : "files"} per post; ${input.label} has ${input.media.length}.`,
      policy.maxItems,
      input.media.length,
    );
  }
  const kinds = input.media.map((item) => mediaKind(item.mimeType));
  input.media.forEach((item, index) => {
    const field = `${input.field}[${index}]`;
    const kind = kinds[index];
    const rule = kind === undefined ? undefined : policy.kinds[kind];
    if (kind === undefined || rule === undefined || !rule.mimeTypes.includes(item.mimeType)) {
      const accepted = Object.values(policy.kinds).flatMap((k) => k.mimeTypes);
      issue(
        field,
        "media_type_unsupported",
        `${who} does not take ${fileTypeName(item.mimeType)}s: use ${acceptedInWords(accepted)}. Media ${index + 1} is a ${fileTypeName(item.mimeType)}.`,
      );
      return;
    }
    const [one] = kindNames[kind];
    if (item.sizeBytes > rule.maxBytes) {
      issue(
        field,
        "media_too_large",
        `${who} allows ${kindNames[kind][1]} up to ${formatBytes(rule.maxBytes)}; ${one} ${index + 1} is ${formatBytes(item.sizeBytes, rule.maxBytes)}.`,
        rule.maxBytes,
        item.sizeBytes,
      );
    }
    const duration = item.durationSeconds;
    if (
      duration !== undefined &&
      rule.maxDurationSeconds !== undefined &&
      duration > rule.maxDurationSeconds
    ) {
      issue(
        field,
        "media_too_long",
        `${who} allows ${kindNames[kind][1]} up to ${formatSeconds(rule.maxDurationSeconds)}; ${one} ${index + 1} is ${formatSeconds(duration)}.`,
        rule.maxDurationSeconds,
        duration,
      );
    }
    if (
      duration !== undefined &&
      rule.minDurationSeconds !== undefined &&
      duration < rule.minDurationSeconds
    ) {
      issue(
        field,
        "media_too_short",
        `${who} needs ${kindNames[kind][1]} of at least ${formatSeconds(rule.minDurationSeconds)}; ${one} ${index + 1} is ${formatSeconds(duration)}.`,
        rule.minDurationSeconds,
        duration,
      );
    }
    if (rule.aspectRatio && item.width && item.height) {
      const ratio = item.width / item.height;
      if (ratio < rule.aspectRatio.min || ratio > rule.aspectRatio.max) {
        issue(
          field,
          "media_aspect_ratio",
          `${who} accepts ${kindNames[kind][1]} with aspect ratios from ${formatRatio(rule.aspectRatio.min)} to ${formatRatio(rule.aspectRatio.max)}; ${one} ${index + 1} is ${item.width}×${item.height}.`,
        );
      }
    }
    if (rule.codecs && item.videoCodec && !rule.codecs.includes(item.videoCodec.toLowerCase())) {
      issue(
        field,
        "media_codec_unsupported",
        `${who} accepts ${kindNames[kind][1]} encoded as ${rule.codecs.join(" or ")}; ${one} ${index + 1} is ${item.videoCodec}.`,
      );
    }
    if (policy.maxAltText !== undefined && item.altText !== undefined) {
      const length = graphemeCount(item.altText);
      if (length > policy.maxAltText) {
        issue(
          `${field}.altText`,
          "alt_text_too_long",
          `${who} allows alt text up to ${policy.maxAltText} characters; media ${index + 1} has ${length}.`,
          policy.maxAltText,
          length,
        );
      }
    }
  });
  for (const kind of new Set(kinds)) {
    if (kind === undefined) continue;
    const rule = policy.kinds[kind];
    const count = kinds.filter((k) => k === kind).length;
    if (rule?.alone && input.media.length > 1) {
      issue(
        input.field,
        "media_must_be_alone",
        `${who} allows one ${kindNames[kind][0]} per post with no other media; ${input.label} has ${input.media.length} files.`,
        1,
        input.media.length,
      );
    } else if (rule?.maxCount !== undefined && count > rule.maxCount) {
      issue(
        input.field,
        "too_many_media",
        `${who} allows ${rule.maxCount} ${kindNames[kind][rule.maxCount === 1 ? 0 : 1]} per post; ${input.label} has ${count}.`,
        rule.maxCount,
        count,
      );
    }
  }
  return issues;
}

/**
 * For networks where a post stands alone (TikTok, YouTube, Pinterest, Google Business Profile):
 * thread parts, and a first comment where the network lets apps add none, are refused by name.
 */
export function checkSinglePost(
  owner: RulesOwner,
  draft: ContentDraft,
  allows: { firstComment: boolean },
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const parts = draft.thread?.length ?? 0;
  if (parts > 0) {
    issues.push({
      network: owner.network,
      field: "thread",
      code: "thread_unsupported",
      message: `${owner.displayName} has no threads; remove ${parts === 1 ? "the thread post" : `the ${parts} thread posts`}.`,
      limit: 0,
      actual: parts,
    });
  }
  if (draft.firstComment !== undefined && !allows.firstComment) {
    issues.push({
      network: owner.network,
      field: "firstComment",
      code: "first_comment_unsupported",
      message: `${owner.displayName} does not let apps add a first comment; remove it.`,
    });
  }
  return issues;
}

/** A network option given as text, if it is one (options arrive untyped from the composer). */
export function optionText(draft: ContentDraft, name: string): string | undefined {
  const value = draft.options?.[name];
  return typeof value === "string" ? value : undefined;
}

/** An absolute http or https URL, the only links networks accept. */
export function isWebUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === "https:" || protocol === "http:";
}

function formatSeconds(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${Math.round(seconds * 10) / 10} s`;
}

function formatRatio(ratio: number): string {
  return ratio >= 1
    ? `${Math.round(ratio * 100) / 100}:1`
    : `1:${Math.round((1 / ratio) * 100) / 100}`;
}
