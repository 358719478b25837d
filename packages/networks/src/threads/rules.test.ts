import { describe, expect, it } from "vitest";
import { threadsLength, threadsRules } from "./rules.ts";

const MB = 1000 * 1000;

describe("Threads content rules", () => {
  it("refuses a 501-character post", () => {
    expect(threadsRules.validate({ text: "a".repeat(500), media: [] })).toEqual([]);
    expect(threadsRules.validate({ text: "a".repeat(501), media: [] })).toEqual([
      {
        network: "threads",
        field: "text",
        code: "text_too_long",
        message:
          "Threads allows 500 characters (emojis count their UTF-8 bytes); this post has 501.",
        limit: 500,
        actual: 501,
      },
    ]);
  });

  it("counts an emoji by its UTF-8 bytes", () => {
    expect(threadsLength("👍")).toBe(4);
    expect(threadsLength("é")).toBe(1);
    expect(threadsRules.validate({ text: `${"a".repeat(497)}👍`, media: [] })[0]?.actual).toBe(501);
  });

  it("checks every thread post and the first comment, and at most 5 links", () => {
    const links = Array.from({ length: 6 }, (_, i) => `https://example.com/${i}`).join(" ");
    const issues = threadsRules.validate({
      text: "head",
      media: [],
      thread: [{ text: "b".repeat(501) }, { text: links }],
      firstComment: "c".repeat(600),
    });
    expect(issues.map((i) => [i.field, i.code, i.limit])).toEqual([
      ["thread[0].text", "text_too_long", 500],
      ["thread[1].text", "too_many_links", 5],
      ["firstComment", "text_too_long", 500],
    ]);
  });

  it("takes up to 20 carousel items; images up to 8 MB, videos up to 5 minutes", () => {
    const image = { mimeType: "image/png", sizeBytes: MB };
    expect(threadsRules.validate({ text: "", media: Array(20).fill(image) })).toEqual([]);
    expect(threadsRules.validate({ text: "", media: Array(21).fill(image) })[0]?.limit).toBe(20);
    expect(
      threadsRules
        .validate({
          text: "",
          media: [
            { mimeType: "image/jpeg", sizeBytes: 9 * MB },
            { mimeType: "video/mp4", sizeBytes: MB, durationSeconds: 301 },
          ],
        })
        .map((i) => i.message),
    ).toEqual([
      "Threads allows images up to 8 MB; image 1 is 9 MB.",
      "Threads allows videos up to 5 min; video 2 is 301 s.",
    ]);
  });
});
