import { describe, expect, it } from "vitest";
import { tiktokRules } from "./rules.ts";

const MB = 1024 * 1024;
const video = {
  mimeType: "video/mp4",
  sizeBytes: 20 * MB,
  durationSeconds: 30,
  width: 1080,
  height: 1920,
};
const photo = { mimeType: "image/jpeg", sizeBytes: 2 * MB };

describe("TikTok content rules", () => {
  it("refuses a post without media, in a sentence naming TikTok", () => {
    expect(tiktokRules.validate({ text: "Just words", media: [] })).toEqual([
      {
        network: "tiktok",
        field: "media",
        code: "media_required",
        message: "TikTok needs a video or 1 to 35 photos in a post.",
        limit: 1,
        actual: 0,
      },
    ]);
    expect(tiktokRules.requiresMedia).toBe(true);
  });

  it("takes one video with a caption of up to 2,200 UTF-16 code units", () => {
    expect(tiktokRules.validate({ text: "a".repeat(2200), media: [video] })).toEqual([]);
    // An emoji outside the BMP is two code units, as TikTok counts it.
    const issues = tiktokRules.validate({ text: `${"a".repeat(2199)}😀`, media: [video] });
    expect(issues.map((i) => [i.field, i.message, i.limit])).toEqual([
      ["text", "TikTok allows 2200 characters; the caption has 2201.", 2200],
    ]);
  });

  it("takes 1 to 35 JPEG or WebP photos, with a title of up to 90 characters", () => {
    const photos = Array.from({ length: 35 }, () => photo);
    expect(
      tiktokRules.validate({
        text: "d".repeat(4000),
        media: photos,
        options: { title: "t".repeat(90) },
      }),
    ).toEqual([]);
    const issues = tiktokRules.validate({
      text: "Trip",
      media: [...photos, photo, { mimeType: "image/png", sizeBytes: 1000 }],
      options: { title: "t".repeat(91) },
    });
    expect(issues.map((i) => [i.field, i.code, i.limit])).toEqual([
      ["options.title", "text_too_long", 90],
      ["media", "too_many_media", 35],
      ["media[36]", "media_type_unsupported", undefined],
    ]);
    expect(issues[2]?.message).toBe(
      "TikTok does not take PNG images: use JPEG or WebP images, or MP4, WebM or MOV videos. Media 37 is a PNG image.",
    );
  });

  it("names the limits for a video's length, size, codec and dimensions", () => {
    const issues = tiktokRules.validate({
      text: "clip",
      media: [
        {
          mimeType: "video/mp4",
          sizeBytes: 5 * 1024 * MB,
          durationSeconds: 601,
          width: 320,
          height: 568,
          videoCodec: "av1",
        },
      ],
    });
    expect(issues.map((i) => i.message)).toEqual([
      "TikTok allows videos up to 4 GB; video 1 is 5 GB.",
      "TikTok allows videos up to 10 min; video 1 is 601 s.",
      "TikTok accepts videos encoded as h264 or hevc or h265 or vp8 or vp9; video 1 is av1.",
      "TikTok accepts videos from 360 to 4096 pixels a side; video 1 is 320×568.",
    ]);
    expect(
      tiktokRules.validate({ text: "short", media: [{ ...video, durationSeconds: 2 }] })[0]
        ?.message,
    ).toBe("TikTok needs videos of at least 3 s; video 1 is 2 s.");
  });

  it("refuses a video mixed with photos, threads, a first comment and unlisted privacy", () => {
    const issues = tiktokRules.validate({
      text: "mixed",
      media: [video, photo],
      thread: [{ text: "more" }],
      firstComment: "first!",
      options: { privacy: "unlisted" },
    });
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ["thread", "thread_unsupported"],
      ["firstComment", "first_comment_unsupported"],
      ["media", "media_must_be_alone"],
      ["options.privacy", "privacy_unsupported"],
    ]);
    expect(issues.map((i) => i.message)).toContain(
      "TikTok posts are public or private; it has no unlisted posts.",
    );
  });
});
