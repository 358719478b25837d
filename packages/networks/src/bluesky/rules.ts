import {
  type ContentDraft,
  checkLength,
  checkMedia,
  draftMedia,
  draftTexts,
  graphemeCount,
  type MediaPolicy,
  type NetworkRules,
  type RuleIssue,
  utf8Length,
} from "../kit/rules.ts";
import { blueskyName } from "./api.ts";

/**
 * From the app.bsky lexicons: app.bsky.embed.images holds up to 4 images of at most 2,000,000
 * bytes each ("formerly limited to 1 MB"); app.bsky.embed.video holds one mp4 of at most
 * 300,000,000 bytes, and Bluesky's video guide allows up to 3 minutes. One embed per post, so
 * a video cannot share a post with images.
 */
export const blueskyMediaPolicy: MediaPolicy = {
  maxItems: 4,
  kinds: {
    image: { mimeTypes: ["image/jpeg", "image/png", "image/webp"], maxBytes: 2_000_000 },
    gif: { mimeTypes: ["image/gif"], maxBytes: 2_000_000 },
    video: {
      mimeTypes: ["video/mp4"],
      maxBytes: 300_000_000,
      alone: true,
      maxDurationSeconds: 180,
    },
  },
};

/** app.bsky.feed.post text: at most 300 graphemes (an emoji family is 1) and 3,000 UTF-8 bytes. */
export const blueskyRules: NetworkRules = {
  network: "bluesky",
  maxTextLength: 300,
  countText: graphemeCount,
  maxMedia: 4,
  requiresMedia: false,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [];
    for (const { field, label, text } of draftTexts(draft)) {
      const graphemes = checkLength(blueskyName, {
        field,
        label,
        actual: graphemeCount(text),
        limit: 300,
        unit: "characters",
      });
      issues.push(...graphemes);
      if (graphemes.length === 0) {
        issues.push(
          ...checkLength(blueskyName, {
            field,
            label,
            actual: utf8Length(text),
            limit: 3000,
            unit: "bytes of text",
          }),
        );
      }
    }
    if (draft.text.trim() === "" && draft.media.length === 0) {
      issues.push({
        network: "bluesky",
        field: "text",
        code: "text_empty",
        message: "Bluesky needs text or media in a post.",
      });
    }
    for (const list of draftMedia(draft))
      issues.push(...checkMedia(blueskyName, list, blueskyMediaPolicy));
    return issues;
  },
};
