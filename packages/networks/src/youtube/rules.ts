import {
  type ContentDraft,
  checkLength,
  checkMedia,
  checkSinglePost,
  type MediaPolicy,
  mediaKind,
  type NetworkRules,
  optionText,
  type RuleIssue,
  utf8Length,
} from "../kit/rules.ts";
import { youtubeName } from "./api.ts";

const GB = 1024 ** 3;

/**
 * YouTube Data API v3 videos resource and upload help (support.google.com/youtube/answer/
 * 4525766 and 71673): one video per upload, up to 256 GB or 12 hours, in the formats YouTube
 * lists (MP4, MOV, WebM, AVI, WMV, FLV, 3GPP, MPEG-PS). Thumbnails are set separately.
 */
export const youtubeMediaPolicy: MediaPolicy = {
  maxItems: 1,
  kinds: {
    video: {
      mimeTypes: [
        "video/mp4",
        "video/quicktime",
        "video/webm",
        "video/x-msvideo",
        "video/x-ms-wmv",
        "video/x-flv",
        "video/3gpp",
        "video/mpeg",
      ],
      maxBytes: 256 * GB,
      maxDurationSeconds: 12 * 3600,
    },
  },
};

/**
 * snippet.title: required, at most 100 characters, no < or >; snippet.description: at most
 * 5,000 bytes, no < or >; snippet.tags: at most 500 characters in all, a tag with a space
 * counting its quotes and tags joined by commas. A first comment (commentThreads.insert) holds
 * at most 10,000 characters. Shorts: 3 minutes at most, square or vertical.
 */
export const youtubeLimits = {
  title: 100,
  descriptionBytes: 5000,
  tagCharacters: 500,
  comment: 10_000,
  shortsSeconds: 180,
};

export const youtubePrivacies = ["public", "unlisted", "private"] as const;

export const youtubeRules: NetworkRules = {
  network: "youtube",
  maxTextLength: youtubeLimits.descriptionBytes,
  countText: utf8Length,
  maxMedia: 1,
  requiresMedia: true,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [...checkSinglePost(youtubeName, draft, { firstComment: true })];
    const issue = (field: string, code: string, message: string, limit?: number, actual?: number) =>
      issues.push({ network: "youtube", field, code, message, limit, actual });

    const title = optionText(draft, "title") ?? "";
    if (title.trim() === "") {
      issue("options.title", "title_required", "YouTube needs a title for the video.", 1, 0);
    }
    issues.push(
      ...checkLength(youtubeName, {
        field: "options.title",
        label: "the title",
        actual: [...title].length,
        limit: youtubeLimits.title,
        unit: "characters",
      }),
      ...checkLength(youtubeName, {
        field: "text",
        label: "the description",
        actual: utf8Length(draft.text),
        limit: youtubeLimits.descriptionBytes,
        unit: "bytes (UTF-8)",
      }),
    );
    for (const [field, label, text] of [
      ["options.title", "the title", title],
      ["text", "the description", draft.text],
    ] as const) {
      if (/[<>]/.test(text)) {
        issue(field, "angle_brackets", `YouTube does not allow < or > in ${label}.`);
      }
    }
    const tags = tagsOf(draft);
    const tagLength = tags.reduce((sum, tag) => sum + tag.length + (tag.includes(" ") ? 2 : 0), 0);
    const tagTotal = tagLength + Math.max(0, tags.length - 1);
    if (tagTotal > youtubeLimits.tagCharacters) {
      issue(
        "options.tags",
        "tags_too_long",
        `YouTube allows ${youtubeLimits.tagCharacters} characters of tags in all; these tags have ${tagTotal}.`,
        youtubeLimits.tagCharacters,
        tagTotal,
      );
    }
    const privacy = optionText(draft, "privacy");
    if (privacy !== undefined && !(youtubePrivacies as readonly string[]).includes(privacy)) {
      issue(
        "options.privacy",
        "privacy_unsupported",
        `YouTube videos are public, unlisted or private; "${privacy}" is none of them.`,
      );
    }
    if (draft.firstComment !== undefined) {
      issues.push(
        ...checkLength(youtubeName, {
          field: "firstComment",
          label: "the first comment",
          actual: draft.firstComment.length,
          limit: youtubeLimits.comment,
          unit: "characters",
        }),
      );
    }
    const videos = draft.media.filter((m) => mediaKind(m.mimeType) === "video");
    if (videos.length === 0) {
      issue("media", "media_required", "YouTube needs a video in a post.", 1, 0);
    }
    issues.push(
      ...checkMedia(
        youtubeName,
        { field: "media", label: "this post", media: draft.media },
        youtubeMediaPolicy,
      ),
    );
    if (draft.options?.shorts === true) issues.push(...shortsIssues(draft));
    return issues;
  },
};

/** Shorts have no API flag: YouTube classifies square or vertical videos of up to 3 minutes. */
function shortsIssues(draft: ContentDraft): RuleIssue[] {
  const issues: RuleIssue[] = [];
  draft.media.forEach((item, index) => {
    if (mediaKind(item.mimeType) !== "video") return;
    if (item.durationSeconds !== undefined && item.durationSeconds > youtubeLimits.shortsSeconds) {
      issues.push({
        network: "youtube",
        field: `media[${index}]`,
        code: "shorts_too_long",
        message: `YouTube Shorts are at most 3 minutes; this video is ${Math.round(item.durationSeconds)} s.`,
        limit: youtubeLimits.shortsSeconds,
        actual: item.durationSeconds,
      });
    }
    if (item.width && item.height && item.width > item.height) {
      issues.push({
        network: "youtube",
        field: `media[${index}]`,
        code: "shorts_aspect_ratio",
        message: `YouTube Shorts are square or vertical; this video is ${item.width}×${item.height}.`,
        limit: 1,
        actual: item.width / item.height,
      });
    }
  });
  return issues;
}

/** options.tags as a list of strings, when given. */
export function tagsOf(draft: Pick<ContentDraft, "options">): string[] {
  const tags = draft.options?.tags;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string") : [];
}
