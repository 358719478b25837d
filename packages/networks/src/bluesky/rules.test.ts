import { describe, expect, it } from "vitest";
import { blueskyRules } from "./rules.ts";

describe("Bluesky content rules", () => {
  it("counts graphemes: an emoji family of seven code points is one", () => {
    const family = "👨‍👩‍👧‍👦";
    expect([...family].length).toBe(7);
    expect(blueskyRules.countText(family)).toBe(1);
    expect(blueskyRules.validate({ text: `${"a".repeat(299)}${family}`, media: [] })).toEqual([]);
    expect(blueskyRules.validate({ text: `${"a".repeat(300)}${family}`, media: [] })).toEqual([
      {
        network: "bluesky",
        field: "text",
        code: "text_too_long",
        message: "Bluesky allows 300 characters; this post has 301.",
        limit: 300,
        actual: 301,
      },
    ]);
  });

  it("also holds the text to 3,000 UTF-8 bytes", () => {
    const text = "👨‍👩‍👧‍👦".repeat(200);
    expect(blueskyRules.validate({ text, media: [] })).toEqual([
      expect.objectContaining({
        message: "Bluesky allows 3000 bytes of text; this post has 5000.",
      }),
    ]);
  });

  it("allows four images up to 2 MB each, or one video up to 3 minutes", () => {
    const image = { mimeType: "image/jpeg", sizeBytes: 2_000_000 };
    expect(blueskyRules.validate({ text: "", media: [image, image, image, image] })).toEqual([]);
    const issues = blueskyRules.validate({
      text: "",
      media: [
        { mimeType: "image/jpeg", sizeBytes: 2_500_000 },
        { mimeType: "video/mp4", sizeBytes: 1000, durationSeconds: 200 },
      ],
    });
    expect(issues.map((i) => i.message)).toEqual([
      "Bluesky allows images up to 2 MB; image 1 is 2.5 MB.",
      "Bluesky allows videos up to 3 min; video 2 is 200 s.",
      "Bluesky allows one video per post with no other media; this post has 2 files.",
    ]);
  });
});
