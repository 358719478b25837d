import {
  type ContentDraft,
  checkLength,
  checkMedia,
  checkSinglePost,
  graphemeCount,
  isWebUrl,
  type MediaPolicy,
  mediaKind,
  type NetworkRules,
  optionText,
  type RuleIssue,
} from "../kit/rules.ts";
import { pinterestName } from "./api.ts";

const MB = 1024 * 1024;

/**
 * Pinterest's Pin specs (help.pinterest.com "Review Pin specs", API v5 create Pin): an image up
 * to 20 MB (JPEG, PNG, WebP, BMP, TIFF; GIF alone), a carousel of 2 to 5 images, or one video
 * (MP4, MOV, M4V) of 4 seconds to 15 minutes, up to 2 GB, no wider than 1.91:1 nor taller than
 * 1:2. Alt text up to 500 characters.
 */
export const pinterestMediaPolicy: MediaPolicy = {
  maxItems: 5,
  maxAltText: 500,
  kinds: {
    image: {
      mimeTypes: ["image/jpeg", "image/png", "image/webp", "image/bmp", "image/tiff"],
      maxBytes: 20 * MB,
    },
    gif: { mimeTypes: ["image/gif"], maxBytes: 20 * MB, alone: true },
    video: {
      mimeTypes: ["video/mp4", "video/quicktime", "video/x-m4v"],
      maxBytes: 2 * 1024 * MB,
      alone: true,
      minDurationSeconds: 4,
      maxDurationSeconds: 15 * 60,
      aspectRatio: { min: 1 / 2, max: 1.91 },
    },
  },
};

/** title ≤ 100, description ≤ 500 (what Pinterest shows), link ≤ 2,048 characters. */
export const pinterestLimits = { title: 100, description: 500, link: 2048 };

export const pinterestRules: NetworkRules = {
  network: "pinterest",
  maxTextLength: pinterestLimits.description,
  countText: graphemeCount,
  maxMedia: 5,
  requiresMedia: true,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [...checkSinglePost(pinterestName, draft, { firstComment: false })];
    const issue = (field: string, code: string, message: string, limit?: number, actual?: number) =>
      issues.push({ network: "pinterest", field, code, message, limit, actual });

    if ((optionText(draft, "boardId") ?? "").trim() === "") {
      issue("options.boardId", "board_required", "Pinterest needs a board to save the Pin to.");
    }
    const title = optionText(draft, "title");
    issues.push(
      ...checkLength(pinterestName, {
        field: "options.title",
        label: "the title",
        actual: graphemeCount(title ?? ""),
        limit: pinterestLimits.title,
        unit: "characters",
      }),
      ...checkLength(pinterestName, {
        field: "text",
        label: "the description",
        actual: graphemeCount(draft.text),
        limit: pinterestLimits.description,
        unit: "characters",
      }),
    );
    const link = optionText(draft, "link");
    if (link !== undefined && (!isWebUrl(link) || link.length > pinterestLimits.link)) {
      issue(
        "options.link",
        "link_invalid",
        `Pinterest needs the link as a web address (http or https) of at most ${pinterestLimits.link} characters.`,
        pinterestLimits.link,
        link.length,
      );
    }
    const visual = draft.media.filter((m) => mediaKind(m.mimeType) !== undefined);
    if (visual.length === 0) {
      issue("media", "media_required", "Pinterest needs an image or a video for a Pin.", 1, 0);
    }
    issues.push(
      ...checkMedia(
        pinterestName,
        { field: "media", label: "this Pin", media: draft.media },
        pinterestMediaPolicy,
      ),
    );
    return issues;
  },
};
