import { describe, expect, it } from "vitest";
import { linkedInRules } from "./rules.ts";

const MB = 1000 * 1000;

describe("LinkedIn content rules", () => {
  it("refuses a 3,001-character post and names the limit", () => {
    expect(linkedInRules.validate({ text: "a".repeat(3000), media: [] })).toEqual([]);
    expect(linkedInRules.validate({ text: "a".repeat(3001), media: [] })).toEqual([
      {
        network: "linkedin",
        field: "text",
        code: "text_too_long",
        message: "LinkedIn allows 3000 characters; this post has 3001.",
        limit: 3000,
        actual: 3001,
      },
    ]);
  });

  it("counts an emoji sequence as one character", () => {
    expect(linkedInRules.countText("👨‍👩‍👧‍👦")).toBe(1);
  });

  it("takes up to 20 images, or one video alone", () => {
    const image = { mimeType: "image/png", sizeBytes: 1000, width: 100, height: 100 };
    expect(linkedInRules.validate({ text: "", media: Array(20).fill(image) })).toEqual([]);
    expect(
      linkedInRules.validate({ text: "", media: Array(21).fill(image) }).map((i) => i.message),
    ).toEqual(["LinkedIn allows 20 media files per post; this post has 21."]);
    const video = { mimeType: "video/mp4", sizeBytes: MB, durationSeconds: 10 };
    expect(linkedInRules.validate({ text: "", media: [video, image] }).map((i) => i.code)).toEqual([
      "media_must_be_alone",
    ]);
  });

  it("checks video size and length and image pixels", () => {
    const issues = linkedInRules.validate({
      text: "clip",
      media: [{ mimeType: "video/mp4", sizeBytes: 50_000, durationSeconds: 2 }],
    });
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ["media[0]", "LinkedIn needs videos of at least 3 s; video 1 is 2 s."],
      ["media[0]", "LinkedIn needs videos of at least 75 KB; video 1 is 50 KB."],
    ]);
    expect(
      linkedInRules.validate({
        text: "big",
        media: [{ mimeType: "video/mp4", sizeBytes: 600 * MB, durationSeconds: 31 * 60 }],
      }),
    ).toMatchObject([
      { message: "LinkedIn allows videos up to 500 MB; video 1 is 600 MB.", limit: 500 * MB },
      { message: "LinkedIn allows videos up to 30 min; video 1 is 31 min.", limit: 1800 },
    ]);
    expect(
      linkedInRules.validate({
        text: "wide",
        media: [{ mimeType: "image/jpeg", sizeBytes: MB, width: 8000, height: 5000 }],
      })[0],
    ).toMatchObject({ code: "media_too_many_pixels", limit: 36_152_320, actual: 40_000_000 });
  });

  it("has no threads and no WebP", () => {
    const issues = linkedInRules.validate({
      text: "head",
      media: [{ mimeType: "image/webp", sizeBytes: 10 }],
      thread: [{ text: "more" }],
    });
    expect(issues.map((i) => [i.network, i.field, i.code])).toEqual([
      ["linkedin", "thread", "thread_unsupported"],
      ["linkedin", "media[0]", "media_type_unsupported"],
    ]);
  });
});
