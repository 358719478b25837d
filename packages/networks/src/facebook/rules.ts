import {
  type ContentDraft,
  checkLength,
  checkMedia,
  draftTexts,
  graphemeCount,
  type MediaPolicy,
  type NetworkRules,
  type RuleIssue,
} from "../kit/rules.ts";
import { facebookName } from "./api.ts";

const MB = 1000 * 1000;

/**
 * Facebook Page media (developers.facebook.com: Page photos and Stories photo specifications,
 * Video API): photos as JPEG, BMP, PNG, GIF or TIFF up to 10 MB; one video alone, MP4 or MOV, up to
 * 10 GB and 240 minutes through the resumable upload. The Graph API states no cap on photos
 * attached to one post; 10 is Cadence's own.
 */
export const facebookMediaPolicy: MediaPolicy = {
  maxItems: 10,
  kinds: {
    image: {
      mimeTypes: ["image/jpeg", "image/png", "image/bmp", "image/tiff"],
      maxBytes: 10 * MB,
    },
    gif: { mimeTypes: ["image/gif"], maxBytes: 10 * MB },
    video: {
      mimeTypes: ["video/mp4", "video/quicktime"],
      maxBytes: 10_000 * MB,
      alone: true,
      maxDurationSeconds: 240 * 60,
    },
  },
};

/**
 * A Page post's message holds up to 63,206 characters. A first comment is a comment on the post;
 * Pages have no threads.
 */
export const facebookRules: NetworkRules = {
  network: "facebook",
  maxTextLength: 63_206,
  countText: graphemeCount,
  maxMedia: 10,
  requiresMedia: false,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [];
    for (const { field, label, text } of draftTexts(draft)) {
      issues.push(
        ...checkLength(facebookName, {
          field,
          label,
          actual: facebookRules.countText(text),
          limit: facebookRules.maxTextLength,
          unit: "characters",
        }),
      );
    }
    if ((draft.thread ?? []).length > 0) {
      issues.push({
        network: "facebook",
        field: "thread",
        code: "thread_unsupported",
        message:
          "Facebook Pages have no threads; publish the follow-up as a first comment or a separate post.",
        limit: 0,
        actual: draft.thread?.length,
      });
    }
    if (draft.text.trim() === "" && draft.media.length === 0) {
      issues.push({
        network: "facebook",
        field: "text",
        code: "text_empty",
        message: "Facebook needs text or media in a post.",
      });
    }
    issues.push(
      ...checkMedia(
        facebookName,
        { field: "media", label: "this post", media: draft.media },
        facebookMediaPolicy,
      ),
    );
    return issues;
  },
};
