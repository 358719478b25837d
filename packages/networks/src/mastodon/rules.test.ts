import { describe, expect, it } from "vitest";
import { countMastodonText, createMastodonRules, mastodonRules } from "./rules.ts";

describe("Mastodon content rules", () => {
  it("counts every http(s) link as 23 characters however long it is", () => {
    const link = `https://example.com/${"x".repeat(200)}`;
    const text = `${"a".repeat(476)} ${link}`;
    expect(text.length).toBe(697);
    expect(countMastodonText(text)).toBe(500);
    expect(mastodonRules.validate({ text, media: [] })).toEqual([]);
    expect(mastodonRules.validate({ text: `${text}!`, media: [] })).toEqual([
      {
        network: "mastodon",
        field: "text",
        code: "text_too_long",
        message: "Mastodon allows 500 characters (links count 23); this post has 501.",
        limit: 500,
        actual: 501,
      },
    ]);
  });

  it("does not shorten a bare domain without a scheme", () => {
    expect(countMastodonText("example.com")).toBe(11);
  });

  it("counts a remote mention by its username only", () => {
    expect(countMastodonText("@alice@a.very.long.instance.example hi")).toBe("@alice hi".length);
    expect(countMastodonText("@bob hi")).toBe(7);
  });

  it("counts graphemes: an emoji family is one character", () => {
    expect(countMastodonText("👨‍👩‍👧‍👦")).toBe(1);
  });

  it("uses a server's own limits when it reports them", () => {
    const rules = createMastodonRules({
      maxCharacters: 5000,
      charactersReservedPerUrl: 23,
      maxMediaAttachments: 4,
      imageSizeLimit: 16 * 1024 * 1024,
      videoSizeLimit: 99 * 1024 * 1024,
    });
    expect(rules.validate({ text: "a".repeat(4000), media: [] })).toEqual([]);
  });

  it("keeps a video alone and alt text within 1,500 characters", () => {
    const issues = mastodonRules.validate({
      text: "media",
      media: [
        { mimeType: "video/mp4", sizeBytes: 1000 },
        { mimeType: "image/jpeg", sizeBytes: 1000, altText: "a".repeat(1501) },
      ],
    });
    expect(issues.map((i) => i.message)).toEqual([
      "Mastodon allows alt text up to 1500 characters; media 2 has 1501.",
      "Mastodon allows one video per post with no other media; this post has 2 files.",
    ]);
  });
});
