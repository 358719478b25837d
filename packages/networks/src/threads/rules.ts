import {
  type ContentDraft,
  checkLength,
  checkMedia,
  draftMedia,
  draftTexts,
  type MediaPolicy,
  type NetworkRules,
  type RuleIssue,
  utf8Length,
} from "../kit/rules.ts";
import { threadsName } from "./api.ts";

const MB = 1000 * 1000;

/**
 * Threads media (developers.facebook.com/docs/threads/posts, media specifications): images JPEG
 * or PNG up to 8 MB with an aspect ratio within 10:1; videos MOV or MP4 up to 1 GB and 5 minutes,
 * aspect ratio 0.01:1 to 10:1; a carousel has 2 to 20 images and videos.
 */
export const threadsMediaPolicy: MediaPolicy = {
  maxItems: 20,
  kinds: {
    image: {
      mimeTypes: ["image/jpeg", "image/png"],
      maxBytes: 8 * MB,
      aspectRatio: { min: 1 / 10, max: 10 },
    },
    video: {
      mimeTypes: ["video/mp4", "video/quicktime"],
      maxBytes: 1000 * MB,
      maxDurationSeconds: 300,
      aspectRatio: { min: 0.01, max: 10 },
    },
  },
};

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const maxLinks = 5;

/**
 * Threads counts 500 characters with every emoji counted as its UTF-8 bytes ("Emojis are counted
 * as the number of UTF-8 bytes"), so a 👍 costs 4 and a family emoji 25.
 */
export function threadsLength(text: string): number {
  let length = 0;
  for (const { segment } of segmenter.segment(text)) {
    length += /\p{Extended_Pictographic}/u.test(segment) ? utf8Length(segment) : 1;
  }
  return length;
}

/**
 * Posts of 500 characters (emojis by their UTF-8 bytes) with at most 5 distinct links (refused
 * since 22 December 2025 with THREADS_API__LINK_LIMIT_EXCEEDED). Thread parts and the first
 * comment are replies (`reply_to_id`) and follow the same rules.
 */
export const threadsRules: NetworkRules = {
  network: "threads",
  maxTextLength: 500,
  countText: threadsLength,
  maxMedia: 20,
  requiresMedia: false,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [];
    for (const { field, label, text } of draftTexts(draft)) {
      issues.push(
        ...checkLength(threadsName, {
          field,
          label,
          actual: threadsLength(text),
          limit: threadsRules.maxTextLength,
          unit: "characters (emojis count their UTF-8 bytes)",
        }),
      );
      const links = new Set(text.match(/https?:\/\/\S+|\bwww\.\S+/g) ?? []).size;
      if (links > maxLinks) {
        issues.push({
          network: "threads",
          field,
          code: "too_many_links",
          message: `Threads allows ${maxLinks} links in a post; ${label} has ${links}.`,
          limit: maxLinks,
          actual: links,
        });
      }
    }
    const parts = [{ text: draft.text, media: draft.media }, ...(draft.thread ?? [])];
    parts.forEach((part, index) => {
      if (part.text.trim() === "" && (part.media ?? []).length === 0) {
        issues.push({
          network: "threads",
          field: index === 0 ? "text" : `thread[${index - 1}].text`,
          code: "text_empty",
          message: `Threads needs text or media in ${index === 0 ? "a post" : `thread post ${index + 1}`}.`,
        });
      }
    });
    for (const list of draftMedia(draft)) {
      issues.push(...checkMedia(threadsName, list, threadsMediaPolicy));
    }
    return issues;
  },
};
