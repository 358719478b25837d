import {
  type ContentDraft,
  checkLength,
  checkMedia,
  type DraftMedia,
  draftTexts,
  graphemeCount,
  type MediaPolicy,
  type NetworkRules,
  type RuleIssue,
} from "../kit/rules.ts";
import { linkedInName } from "./api.ts";

const MB = 1000 * 1000;
const maxPixels = 36_152_320;

/**
 * LinkedIn's media rules (learn.microsoft.com/linkedin/marketing/community-management/shares):
 * Images API — JPG, PNG or GIF, fewer than 36,152,320 pixels; a multi-image post has 2 to 20
 * images (MultiImage API). Videos API — MP4, 75 KB to 500 MB, 3 s to 30 min, one per post and
 * alone. LinkedIn states no byte limit for images; 100 MB is Cadence's own ceiling.
 */
export const linkedInMediaPolicy: MediaPolicy = {
  maxItems: 20,
  maxAltText: 4086,
  kinds: {
    image: { mimeTypes: ["image/jpeg", "image/png"], maxBytes: 100 * MB },
    gif: { mimeTypes: ["image/gif"], maxBytes: 100 * MB },
    video: {
      mimeTypes: ["video/mp4"],
      maxBytes: 500 * MB,
      alone: true,
      minDurationSeconds: 3,
      maxDurationSeconds: 30 * 60,
    },
  },
};

const minVideoBytes = 75 * 1000;

/**
 * Posts API commentary up to 3,000 characters, for members (urn:li:person) and organization pages
 * (urn:li:organization) alike. A first comment goes through the Comments API; LinkedIn has no
 * threads.
 */
export const linkedInRules: NetworkRules = {
  network: "linkedin",
  maxTextLength: 3000,
  countText: graphemeCount,
  maxMedia: 20,
  requiresMedia: false,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [];
    for (const { field, label, text } of draftTexts(draft)) {
      issues.push(
        ...checkLength(linkedInName, {
          field,
          label,
          actual: linkedInRules.countText(text),
          limit: linkedInRules.maxTextLength,
          unit: "characters",
        }),
      );
    }
    if ((draft.thread ?? []).length > 0) {
      issues.push({
        network: "linkedin",
        field: "thread",
        code: "thread_unsupported",
        message:
          "LinkedIn has no threads; publish the follow-up as a first comment or a separate post.",
        limit: 0,
        actual: draft.thread?.length,
      });
    }
    if (draft.text.trim() === "" && draft.media.length === 0) {
      issues.push({
        network: "linkedin",
        field: "text",
        code: "text_empty",
        message: "LinkedIn needs text or media in a post.",
      });
    }
    issues.push(
      ...checkMedia(
        linkedInName,
        { field: "media", label: "this post", media: draft.media },
        linkedInMediaPolicy,
      ),
    );
    for (const [index, item] of draft.media.entries()) issues.push(...sizeIssues(item, index));
    return issues;
  },
};

/** Checks the shared policy does not make: a video's minimum size and an image's pixel count. */
function sizeIssues(item: DraftMedia, index: number): RuleIssue[] {
  const field = `media[${index}]`;
  if (item.mimeType.startsWith("video/") && item.sizeBytes < minVideoBytes) {
    return [
      {
        network: "linkedin",
        field,
        code: "media_too_small",
        message: `LinkedIn needs videos of at least 75 KB; video ${index + 1} is ${Math.round(item.sizeBytes / 100) / 10} KB.`,
        limit: minVideoBytes,
        actual: item.sizeBytes,
      },
    ];
  }
  const pixels = (item.width ?? 0) * (item.height ?? 0);
  if (item.mimeType.startsWith("image/") && pixels >= maxPixels) {
    return [
      {
        network: "linkedin",
        field,
        code: "media_too_many_pixels",
        message: `LinkedIn accepts images of fewer than 36,152,320 pixels; image ${index + 1} is ${item.width}×${item.height} (${pixels.toLocaleString("en-US")}).`,
        limit: maxPixels,
        actual: pixels,
      },
    ];
  }
  return [];
}
