import { describe, expect, it } from "vitest";
import { graphemeCount } from "../kit/rules.ts";
import { xRules } from "./rules.ts";

const MB = 1024 * 1024;

describe("X content rules", () => {
  it("refuses a 281-weighted-character post that a plain counter would call 270", () => {
    const text = `${"日本".repeat(5)}語${"a".repeat(259)}`;
    expect(graphemeCount(text)).toBe(270);
    expect(xRules.countText(text)).toBe(281);
    expect(xRules.validate({ text, media: [] })).toEqual([
      {
        network: "x",
        field: "text",
        code: "text_too_long",
        message: "X allows 280 characters (weighted); this post has 281.",
        limit: 280,
        actual: 281,
      },
    ]);
  });

  it("counts any link as 23 and an emoji sequence as 2", () => {
    expect(xRules.countText(`https://example.com/${"x".repeat(200)}`)).toBe(23);
    expect(xRules.countText("👨‍👩‍👧‍👦")).toBe(2);
    expect(
      xRules.validate({
        text: `${"a".repeat(256)} https://example.com/${"x".repeat(100)}`,
        media: [],
      }),
    ).toEqual([]);
  });

  it("checks every thread post and the first comment on its own", () => {
    const issues = xRules.validate({
      text: "ok",
      media: [],
      thread: [{ text: "b".repeat(281) }],
      firstComment: "c".repeat(300),
    });
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ["thread[0].text", "X allows 280 characters (weighted); thread post 2 has 281."],
      ["firstComment", "X allows 280 characters (weighted); the first comment has 300."],
    ]);
  });

  it("allows four images, or one video or GIF alone", () => {
    const image = { mimeType: "image/png", sizeBytes: 1000 };
    expect(xRules.validate({ text: "", media: [image, image, image, image] })).toEqual([]);
    expect(
      xRules
        .validate({ text: "", media: [image, image, image, image, image] })
        .map((i) => i.message),
    ).toEqual(["X allows 4 media files per post; this post has 5."]);
    const video = { mimeType: "video/mp4", sizeBytes: 1000, durationSeconds: 10 };
    expect(xRules.validate({ text: "", media: [video, image] }).map((i) => i.code)).toEqual([
      "media_must_be_alone",
    ]);
  });

  it("names the limit for sizes, durations, aspect ratios and alt text", () => {
    const issues = xRules.validate({
      text: "media",
      media: [{ mimeType: "image/png", sizeBytes: 6 * MB, altText: "a".repeat(1001) }],
    });
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ["media[0]", "X allows images up to 5 MB; image 1 is 6 MB."],
      ["media[0].altText", "X allows alt text up to 1000 characters; media 1 has 1001."],
    ]);
    const video = xRules.validate({
      text: "clip",
      media: [
        {
          mimeType: "video/mp4",
          sizeBytes: 600 * MB,
          durationSeconds: 141,
          width: 4000,
          height: 1000,
          videoCodec: "vp9",
        },
      ],
    });
    expect(video.map((i) => i.message)).toEqual([
      "X allows videos up to 512 MB; video 1 is 600 MB.",
      "X allows videos up to 140 s; video 1 is 141 s.",
      "X accepts videos with aspect ratios from 1:3 to 3:1; video 1 is 4000×1000.",
      "X accepts videos encoded as h264; video 1 is vp9.",
    ]);
  });

  it("refuses file types X does not take", () => {
    expect(
      xRules.validate({ text: "doc", media: [{ mimeType: "application/pdf", sizeBytes: 10 }] })[0]
        ?.code,
    ).toBe("media_type_unsupported");
  });
});
