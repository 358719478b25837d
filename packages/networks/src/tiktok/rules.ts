import {
  type ContentDraft,
  checkLength,
  checkMedia,
  checkSinglePost,
  type DraftMedia,
  type MediaPolicy,
  mediaKind,
  type NetworkRules,
  optionText,
  type RuleIssue,
} from "../kit/rules.ts";
import { tiktokName } from "./api.ts";

const MB = 1024 * 1024;

/**
 * TikTok Content Posting API (developers.tiktok.com, media transfer guide and photo post
 * reference): one video, MP4/WebM/MOV, H.264/H.265/VP8/VP9, up to 4 GB and 10 minutes (the
 * longest an app may send; the account's own maximum comes from creator_info at publish time),
 * 360–4096 pixels a side; or 1–35 photos, JPEG or WebP, up to 20 MB each. The 3-second minimum
 * is TikTok's in-app minimum; the API states none below it.
 */
export const tiktokMediaPolicy: MediaPolicy = {
  maxItems: 35,
  kinds: {
    image: { mimeTypes: ["image/jpeg", "image/webp"], maxBytes: 20 * MB },
    video: {
      mimeTypes: ["video/mp4", "video/webm", "video/quicktime"],
      maxBytes: 4 * 1024 * MB,
      alone: true,
      minDurationSeconds: 3,
      maxDurationSeconds: 600,
      codecs: ["h264", "hevc", "h265", "vp8", "vp9"],
    },
  },
};

/** Video captions (post_info.title): 2,200 UTF-16 code units; photo descriptions 4,000; photo titles 90. */
export const tiktokLimits = { caption: 2200, photoDescription: 4000, photoTitle: 90 };

const privacies = ["public", "private"];

/** TikTok counts caption length in UTF-16 code units ("runes" in its reference), as JS does. */
export const tiktokRules: NetworkRules = {
  network: "tiktok",
  maxTextLength: tiktokLimits.caption,
  countText: (text) => text.length,
  maxMedia: 35,
  requiresMedia: true,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [...checkSinglePost(tiktokName, draft, { firstComment: false })];
    const photos =
      draft.media.length > 0 && draft.media.every((m) => mediaKind(m.mimeType) === "image");
    issues.push(
      ...checkLength(tiktokName, {
        field: "text",
        label: photos ? "the photo description" : "the caption",
        actual: draft.text.length,
        limit: photos ? tiktokLimits.photoDescription : tiktokLimits.caption,
        unit: "characters",
      }),
    );
    const title = optionText(draft, "title");
    if (photos && title !== undefined) {
      issues.push(
        ...checkLength(tiktokName, {
          field: "options.title",
          label: "the photo title",
          actual: title.length,
          limit: tiktokLimits.photoTitle,
          unit: "characters",
        }),
      );
    }
    if (draft.media.length === 0) {
      issues.push({
        network: "tiktok",
        field: "media",
        code: "media_required",
        message: "TikTok needs a video or 1 to 35 photos in a post.",
        limit: 1,
        actual: 0,
      });
    }
    issues.push(
      ...checkMedia(
        tiktokName,
        { field: "media", label: "this post", media: draft.media },
        tiktokMediaPolicy,
      ),
    );
    issues.push(...draft.media.flatMap(videoSize));
    const privacy = optionText(draft, "privacy");
    if (privacy !== undefined && !privacies.includes(privacy)) {
      issues.push({
        network: "tiktok",
        field: "options.privacy",
        code: "privacy_unsupported",
        message: `TikTok posts are public or private; it has no ${privacy} posts.`,
      });
    }
    return issues;
  },
};

/** 360 to 4096 pixels for both width and height. */
function videoSize(item: DraftMedia, index: number): RuleIssue[] {
  if (mediaKind(item.mimeType) !== "video" || !item.width || !item.height) return [];
  const smallest = Math.min(item.width, item.height);
  const largest = Math.max(item.width, item.height);
  if (smallest >= 360 && largest <= 4096) return [];
  return [
    {
      network: "tiktok",
      field: `media[${index}]`,
      code: "media_dimensions",
      message: `TikTok accepts videos from 360 to 4096 pixels a side; video ${index + 1} is ${item.width}×${item.height}.`,
      limit: smallest < 360 ? 360 : 4096,
      actual: smallest < 360 ? smallest : largest,
    },
  ];
}
