import {
  type ContentDraft,
  checkLength,
  checkMedia,
  type DraftMedia,
  draftTexts,
  graphemeCount,
  hashtags,
  type MediaPolicy,
  mentions,
  type NetworkRules,
  type RuleIssue,
} from "../kit/rules.ts";
import { instagramName } from "./api.ts";

const MB = 1000 * 1000;

export const instagramPostTypes = ["feed", "reel", "story", "carousel"] as const;
export type InstagramPostType = (typeof instagramPostTypes)[number];

/** A feed post is one image; a video alone is a reel; several files are a carousel. */
export function instagramPostType(draft: {
  media: { mimeType: string }[];
  options?: Record<string, unknown>;
}): InstagramPostType | undefined {
  const asked = draft.options?.postType;
  if (asked !== undefined) {
    return instagramPostTypes.find((type) => type === asked);
  }
  if (draft.media.length > 1) return "carousel";
  return draft.media[0]?.mimeType.startsWith("video/") ? "reel" : "feed";
}

// Instagram's Content Publishing API takes JPEG only; it fetches the file from the URL it is given.
const feedImage = {
  mimeTypes: ["image/jpeg"],
  maxBytes: 8 * MB,
  aspectRatio: { min: 4 / 5, max: 1.91 },
};

/**
 * Media per post type (developers.facebook.com/docs/instagram-platform/instagram-graph-api/
 * reference/ig-user/media): feed images JPEG up to 8 MB, aspect ratio 4:5 to 1.91:1; reels MP4 or
 * MOV up to 300 MB, 3 s to 15 min, aspect ratio 0.01:1 to 10:1 (9:16 recommended); stories one
 * JPEG up to 8 MB or one video up to 100 MB and 3 to 60 s; carousels 2 to 10 images and videos
 * (videos up to 100 MB and 60 s).
 */
export const instagramMediaPolicies: Record<InstagramPostType, MediaPolicy> = {
  feed: { maxItems: 1, kinds: { image: feedImage } },
  reel: {
    maxItems: 1,
    kinds: {
      video: {
        mimeTypes: ["video/mp4", "video/quicktime"],
        maxBytes: 300 * MB,
        minDurationSeconds: 3,
        maxDurationSeconds: 15 * 60,
        aspectRatio: { min: 0.01, max: 10 },
      },
    },
  },
  story: {
    maxItems: 1,
    kinds: {
      image: { mimeTypes: ["image/jpeg"], maxBytes: 8 * MB },
      video: {
        mimeTypes: ["video/mp4", "video/quicktime"],
        maxBytes: 100 * MB,
        minDurationSeconds: 3,
        maxDurationSeconds: 60,
      },
    },
  },
  carousel: {
    maxItems: 10,
    kinds: {
      image: feedImage,
      video: {
        mimeTypes: ["video/mp4", "video/quicktime"],
        maxBytes: 100 * MB,
        minDurationSeconds: 3,
        maxDurationSeconds: 60,
      },
    },
  },
};

const maxHashtags = 30;
const maxMentions = 20;

/**
 * Captions up to 2,200 characters with at most 30 hashtags and 20 @mentions; every post needs
 * media (`options.postType`: feed, reel, story or carousel). A first comment is a comment on the
 * published media; Instagram has no threads.
 */
export const instagramRules: NetworkRules = {
  network: "instagram",
  maxTextLength: 2200,
  countText: graphemeCount,
  maxMedia: 10,
  requiresMedia: true,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [];
    const issue = (item: RuleIssue) => issues.push(item);
    for (const { field, label, text } of draftTexts(draft)) {
      issues.push(
        ...checkLength(instagramName, {
          field,
          label,
          actual: instagramRules.countText(text),
          limit: instagramRules.maxTextLength,
          unit: "characters",
        }),
      );
    }
    const tags = hashtags(draft.text).length;
    if (tags > maxHashtags) {
      issue({
        network: "instagram",
        field: "text",
        code: "too_many_hashtags",
        message: `Instagram allows ${maxHashtags} hashtags in a caption; this post has ${tags}.`,
        limit: maxHashtags,
        actual: tags,
      });
    }
    const tagged = mentions(draft.text).length;
    if (tagged > maxMentions) {
      issue({
        network: "instagram",
        field: "text",
        code: "too_many_mentions",
        message: `Instagram allows ${maxMentions} @mentions in a caption; this post has ${tagged}.`,
        limit: maxMentions,
        actual: tagged,
      });
    }
    if ((draft.thread ?? []).length > 0) {
      issue({
        network: "instagram",
        field: "thread",
        code: "thread_unsupported",
        message:
          "Instagram has no threads; publish the follow-up as a first comment or a separate post.",
        limit: 0,
        actual: draft.thread?.length,
      });
    }
    if (draft.media.length === 0) {
      issue({
        network: "instagram",
        field: "media",
        code: "media_required",
        message: "Instagram requires an image or a video.",
        limit: 1,
        actual: 0,
      });
      return issues;
    }
    const type = instagramPostType(draft);
    if (type === undefined) {
      issue({
        network: "instagram",
        field: "options.postType",
        code: "post_type_unknown",
        message: `Instagram posts are one of ${instagramPostTypes.join(", ")}; this post asks for ${String(draft.options?.postType)}.`,
      });
      return issues;
    }
    issues.push(...postTypeIssues(type, draft.media));
    issues.push(
      ...checkMedia(
        instagramName,
        { field: "media", label: `this ${type}`, media: draft.media },
        instagramMediaPolicies[type],
      ),
    );
    return issues;
  },
};

function postTypeIssues(type: InstagramPostType, media: DraftMedia[]): RuleIssue[] {
  if (type === "carousel" && media.length < 2) {
    return [
      {
        network: "instagram",
        field: "media",
        code: "too_few_media",
        message: `Instagram carousels hold 2 to 10 images or videos; this post has ${media.length}.`,
        limit: 2,
        actual: media.length,
      },
    ];
  }
  if (type === "reel" && media.some((item) => !item.mimeType.startsWith("video/"))) {
    return [
      {
        network: "instagram",
        field: "media",
        code: "reel_needs_video",
        message: "Instagram reels are one video; this post has an image.",
      },
    ];
  }
  return [];
}
