import { asRecord, stringOf } from "../kit/json.ts";
import {
  type ContentDraft,
  checkLength,
  checkMedia,
  checkSinglePost,
  isWebUrl,
  type MediaPolicy,
  type NetworkRules,
  optionText,
  type RuleIssue,
} from "../kit/rules.ts";
import { googleBusinessName } from "./api.ts";

const MB = 1024 * 1024;

/**
 * Business Profile posts (developers.google.com/my-business/content/posts-data, and the photo
 * guidelines at support.google.com/business/answer/6103862): one photo per post, fetched by
 * Google from `sourceUrl`, JPG or PNG, 10 KB to 5 MB, at least 250×250 pixels. Local posts take
 * no video through the API.
 */
export const googleBusinessMediaPolicy: MediaPolicy = {
  maxItems: 1,
  kinds: { image: { mimeTypes: ["image/jpeg", "image/png"], maxBytes: 5 * MB } },
};

/** summary ≤ 1,500 characters; an event's title ≤ 58; photos 10 KB and 250 px at least. */
export const googleBusinessLimits = {
  summary: 1500,
  eventTitle: 58,
  minPhotoBytes: 10 * 1024,
  minPhotoSide: 250,
};

/** LocalPost callToAction.actionType values; CALL uses the location's phone and takes no URL. */
export const actionTypes = ["BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"] as const;

export const googleBusinessRules: NetworkRules = {
  network: "google-business",
  maxTextLength: googleBusinessLimits.summary,
  countText: (text) => [...text].length,
  maxMedia: 1,
  requiresMedia: false,
  validate(draft: ContentDraft): RuleIssue[] {
    const issues: RuleIssue[] = [
      ...checkSinglePost(googleBusinessName, draft, { firstComment: false }),
    ];
    const issue = (field: string, code: string, message: string, limit?: number, actual?: number) =>
      issues.push({ network: "google-business", field, code, message, limit, actual });

    issues.push(
      ...checkLength(googleBusinessName, {
        field: "text",
        label: "the post",
        actual: [...draft.text].length,
        limit: googleBusinessLimits.summary,
        unit: "characters",
      }),
    );
    if (draft.text.trim() === "" && draft.media.length === 0) {
      issue("text", "text_empty", "Google Business Profile needs text or a photo in a post.", 1, 0);
    }
    issues.push(
      ...checkMedia(
        googleBusinessName,
        { field: "media", label: "this post", media: draft.media },
        googleBusinessMediaPolicy,
      ),
    );
    draft.media.forEach((item, index) => {
      const field = `media[${index}]`;
      if (item.sizeBytes < googleBusinessLimits.minPhotoBytes) {
        issue(
          field,
          "media_too_small",
          `Google Business Profile needs photos of at least 10 KB; photo ${index + 1} is ${item.sizeBytes} bytes.`,
          googleBusinessLimits.minPhotoBytes,
          item.sizeBytes,
        );
      }
      const side = Math.min(item.width ?? Infinity, item.height ?? Infinity);
      if (side < googleBusinessLimits.minPhotoSide) {
        issue(
          field,
          "media_dimensions",
          `Google Business Profile needs photos of at least 250×250 pixels; photo ${index + 1} is ${item.width}×${item.height}.`,
          googleBusinessLimits.minPhotoSide,
          side,
        );
      }
    });
    issues.push(...callToActionIssues(draft), ...eventIssues(draft));
    return issues;
  },
};

function callToActionIssues(draft: ContentDraft): RuleIssue[] {
  const cta = draft.options?.callToAction;
  const link = optionText(draft, "link");
  const issues: RuleIssue[] = [];
  const bad = (field: string, code: string, message: string) =>
    issues.push({ network: "google-business", field, code, message });
  if (cta !== undefined) {
    const actionType = stringOf(asRecord(cta).actionType) ?? "";
    const url = stringOf(asRecord(cta).url);
    if (!(actionTypes as readonly string[]).includes(actionType)) {
      bad(
        "options.callToAction.actionType",
        "call_to_action_invalid",
        `Google Business Profile buttons are ${actionTypes.join(", ")}; "${actionType}" is none of them.`,
      );
    } else if (actionType !== "CALL" && (url === undefined || !isWebUrl(url))) {
      bad(
        "options.callToAction.url",
        "link_invalid",
        "Google Business Profile needs the button's link as a web address (http or https).",
      );
    }
  }
  if (link !== undefined && !isWebUrl(link)) {
    bad(
      "options.link",
      "link_invalid",
      "Google Business Profile needs the link as a web address (http or https).",
    );
  }
  return issues;
}

/** EVENT and OFFER posts carry a title and a schedule (start and end dates). */
function eventIssues(draft: ContentDraft): RuleIssue[] {
  const raw = draft.options?.event ?? (draft.options?.offer ? {} : undefined);
  if (raw === undefined) return [];
  const event = asRecord(raw);
  const issues: RuleIssue[] = [];
  const title = stringOf(event.title) ?? "";
  if (title.trim() === "") {
    issues.push({
      network: "google-business",
      field: "options.event.title",
      code: "title_required",
      message: "Google Business Profile needs a title for an event or offer.",
      limit: 1,
      actual: 0,
    });
  }
  issues.push(
    ...checkLength(googleBusinessName, {
      field: "options.event.title",
      label: "the event title",
      actual: [...title].length,
      limit: googleBusinessLimits.eventTitle,
      unit: "characters",
    }),
  );
  const start = Date.parse(stringOf(event.start) ?? "");
  const end = Date.parse(stringOf(event.end) ?? "");
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    issues.push({
      network: "google-business",
      field: "options.event",
      code: "schedule_invalid",
      message:
        "Google Business Profile needs an event or offer to start and end, the end not before the start.",
    });
  }
  return issues;
}
