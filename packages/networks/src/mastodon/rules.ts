import twitter from "twitter-text";
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
} from "../kit/rules.ts";
import { mastodonName } from "./api.ts";

const MB = 1024 * 1024;

/** What a server reports in /api/v2/instance `configuration`; these are Mastodon's defaults. */
export interface MastodonLimits {
  maxCharacters: number;
  charactersReservedPerUrl: number;
  maxMediaAttachments: number;
  imageSizeLimit: number;
  videoSizeLimit: number;
}

export const mastodonDefaults: MastodonLimits = {
  maxCharacters: 500,
  charactersReservedPerUrl: 23,
  maxMediaAttachments: 4,
  imageSizeLimit: 16 * MB,
  videoSizeLimit: 99 * MB,
};

/** Up to 4 attachments; a video cannot share a post with other media; alt text up to 1,500. */
export function mastodonMediaPolicyFor(limits: MastodonLimits): MediaPolicy {
  const images = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "image/heif",
    "image/avif",
  ];
  return {
    maxItems: limits.maxMediaAttachments,
    maxAltText: 1500,
    kinds: {
      image: { mimeTypes: images, maxBytes: limits.imageSizeLimit },
      // Mastodon converts GIFs to looping video but sizes them as images.
      gif: { mimeTypes: ["image/gif"], maxBytes: limits.imageSizeLimit },
      video: {
        mimeTypes: ["video/mp4", "video/webm", "video/quicktime"],
        maxBytes: limits.videoSizeLimit,
        alone: true,
      },
    },
  };
}

export const mastodonMediaPolicy = mastodonMediaPolicyFor(mastodonDefaults);

// Account::MENTION_RE: "@user" or "@user@server"; only the "@user" part is counted.
const mentionPattern =
  /(?<![=/\p{L}\p{N}_])@(([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@[\p{L}\p{N}_.-]+[\p{L}\p{N}_]+)?)/giu;

/**
 * Mastodon's StatusLengthValidator: graphemes, where every http(s) URL counts as 23 characters
 * however long it is and a mention of a remote account counts only its "@username".
 */
export function countMastodonText(text: string, limits: MastodonLimits = mastodonDefaults): number {
  const placeholder = "x".repeat(limits.charactersReservedPerUrl);
  const entities: { start: number; end: number; replacement: string }[] = [];
  for (const url of twitter.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })) {
    if (/^https?:\/\//i.test(url.url)) {
      entities.push({ start: url.indices[0], end: url.indices[1], replacement: placeholder });
    }
  }
  for (const match of text.matchAll(mentionPattern)) {
    const start = match.index ?? 0;
    entities.push({ start, end: start + match[0].length, replacement: `@${match[2] ?? ""}` });
  }
  entities.sort((a, b) => a.start - b.start);
  let counted = "";
  let position = 0;
  for (const entity of entities) {
    if (entity.start < position) continue; // overlapping: the earlier entity wins
    counted += text.slice(position, entity.start) + entity.replacement;
    position = entity.end;
  }
  return graphemeCount(counted + text.slice(position));
}

export function createMastodonRules(limits: MastodonLimits = mastodonDefaults): NetworkRules {
  const policy = mastodonMediaPolicyFor(limits);
  const rules: NetworkRules = {
    network: "mastodon",
    maxTextLength: limits.maxCharacters,
    countText: (text) => countMastodonText(text, limits),
    maxMedia: limits.maxMediaAttachments,
    requiresMedia: false,
    validate(draft: ContentDraft): RuleIssue[] {
      const issues: RuleIssue[] = [];
      for (const { field, label, text } of draftTexts(draft)) {
        const actual = rules.countText(text);
        issues.push(
          ...checkLength(mastodonName, {
            field,
            label,
            actual,
            limit: limits.maxCharacters,
            unit: "characters (links count 23)",
          }),
        );
      }
      if (draft.text.trim() === "" && draft.media.length === 0) {
        issues.push({
          network: "mastodon",
          field: "text",
          code: "text_empty",
          message: "Mastodon needs text or media in a post.",
        });
      }
      for (const list of draftMedia(draft)) issues.push(...checkMedia(mastodonName, list, policy));
      return issues;
    },
  };
  return rules;
}

export const mastodonRules = createMastodonRules();
