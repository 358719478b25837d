import twitter from "twitter-text";
import {
  type ContentDraft,
  checkLength,
  checkMedia,
  draftMedia,
  draftTexts,
  type MediaPolicy,
  type NetworkRules,
  type RuleIssue,
} from "../kit/rules.ts";
import { xName } from "./api.ts";

const MB = 1024 * 1024;

/**
 * X's media rules (docs.x.com media best practices): up to 4 images, or one GIF, or one video;
 * images up to 5 MB, GIFs up to 15 MB, videos up to 512 MB and 0.5–140 s, aspect ratio between
 * 1:3 and 3:1, H.264 video; alt text up to 1,000 characters.
 */
export const xMediaPolicy: MediaPolicy = {
  maxItems: 4,
  maxAltText: 1000,
  kinds: {
    image: { mimeTypes: ["image/jpeg", "image/png", "image/webp"], maxBytes: 5 * MB },
    gif: { mimeTypes: ["image/gif"], maxBytes: 15 * MB, alone: true },
    video: {
      mimeTypes: ["video/mp4", "video/quicktime"],
      maxBytes: 512 * MB,
      alone: true,
      minDurationSeconds: 0.5,
      maxDurationSeconds: 140,
      aspectRatio: { min: 1 / 3, max: 3 },
      codecs: ["h264"],
    },
  },
};

/**
 * X counts text by weight (twitter-text's parseTweet, the library X's own clients use): any URL
 * counts 23, most Latin characters 1, CJK characters and emoji 2; the limit is 280.
 */
export const xRules: NetworkRules = {
  network: "x",
  maxTextLength: 280,
  countText: (text) => twitter.parseTweet(text).weightedLength,
  maxMedia: 4,
  requiresMedia: false,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [];
    for (const { field, label, text } of draftTexts(draft)) {
      issues.push(
        ...checkLength(xName, {
          field,
          label,
          actual: xRules.countText(text),
          limit: xRules.maxTextLength,
          unit: "characters (weighted)",
        }),
      );
      if (text.trim() === "" && field !== "text") {
        issues.push({
          network: "x",
          field,
          code: "text_empty",
          message: `X needs text in ${label}.`,
        });
      }
    }
    if (draft.text.trim() === "" && draft.media.length === 0) {
      issues.push({
        network: "x",
        field: "text",
        code: "text_empty",
        message: "X needs text or media in a post.",
      });
    }
    for (const list of draftMedia(draft)) issues.push(...checkMedia(xName, list, xMediaPolicy));
    return issues;
  },
};
