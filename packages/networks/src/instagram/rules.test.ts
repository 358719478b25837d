import { describe, expect, it } from "vitest";
import { instagramPostType, instagramRules } from "./rules.ts";

const MB = 1000 * 1000;
const jpeg = { mimeType: "image/jpeg", sizeBytes: MB, width: 1080, height: 1350 };
const reel = {
  mimeType: "video/mp4",
  sizeBytes: 20 * MB,
  durationSeconds: 30,
  width: 1080,
  height: 1920,
};

describe("Instagram content rules", () => {
  it("refuses a post with no media", () => {
    expect(instagramRules.validate({ text: "Words only", media: [] })).toEqual([
      {
        network: "instagram",
        field: "media",
        code: "media_required",
        message: "Instagram requires an image or a video.",
        limit: 1,
        actual: 0,
      },
    ]);
  });

  it("refuses a caption with 31 hashtags, and with 21 mentions", () => {
    const tags = Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(" ");
    expect(instagramRules.validate({ text: tags, media: [jpeg] })).toEqual([
      {
        network: "instagram",
        field: "text",
        code: "too_many_hashtags",
        message: "Instagram allows 30 hashtags in a caption; this post has 31.",
        limit: 30,
        actual: 31,
      },
    ]);
    const thirty = Array.from({ length: 30 }, (_, i) => `#tag${i}`).join(" ");
    expect(instagramRules.validate({ text: thirty, media: [jpeg] })).toEqual([]);
    const people = Array.from({ length: 21 }, (_, i) => `@person${i}`).join(" ");
    expect(instagramRules.validate({ text: people, media: [jpeg] })[0]).toMatchObject({
      code: "too_many_mentions",
      limit: 20,
      actual: 21,
    });
  });

  it("allows 2,200 caption characters", () => {
    expect(instagramRules.validate({ text: "a".repeat(2201), media: [jpeg] })[0]?.message).toBe(
      "Instagram allows 2200 characters; this post has 2201.",
    );
  });

  it("picks the post type from the media unless options say", () => {
    expect(instagramPostType({ media: [jpeg] })).toBe("feed");
    expect(instagramPostType({ media: [reel] })).toBe("reel");
    expect(instagramPostType({ media: [jpeg, reel] })).toBe("carousel");
    expect(instagramPostType({ media: [jpeg], options: { postType: "story" } })).toBe("story");
  });

  it("takes JPEG only for feed images, with an aspect ratio from 4:5 to 1.91:1", () => {
    const issues = instagramRules.validate({
      text: "",
      media: [{ mimeType: "image/png", sizeBytes: MB }],
    });
    expect(issues.map((i) => i.code)).toEqual(["media_type_unsupported"]);
    const tall = instagramRules.validate({
      text: "",
      media: [{ ...jpeg, width: 1080, height: 1920 }],
    });
    expect(tall.map((i) => i.message)).toEqual([
      "Instagram accepts images with aspect ratios from 1:1.25 to 1.91:1; image 1 is 1080×1920.",
    ]);
  });

  it("takes reels of 3 s to 15 min, and stories of one file", () => {
    expect(instagramRules.validate({ text: "", media: [reel] })).toEqual([]);
    expect(
      instagramRules
        .validate({ text: "", media: [{ ...reel, durationSeconds: 901 }] })
        .map((i) => i.message),
    ).toEqual(["Instagram allows videos up to 15 min; video 1 is 901 s."]);
    expect(
      instagramRules.validate({
        text: "",
        media: [{ ...reel, durationSeconds: 61 }],
        options: { postType: "story" },
      })[0]?.limit,
    ).toBe(60);
    expect(
      instagramRules.validate({ text: "", media: [jpeg], options: { postType: "reel" } })[0]?.code,
    ).toBe("reel_needs_video");
  });

  it("holds 2 to 10 items in a carousel", () => {
    expect(instagramRules.validate({ text: "", media: [jpeg, reel] })).toEqual([]);
    expect(
      instagramRules
        .validate({ text: "", media: Array(11).fill(jpeg) })
        .map((i) => [i.code, i.limit]),
    ).toEqual([["too_many_media", 10]]);
    expect(
      instagramRules.validate({ text: "", media: [jpeg], options: { postType: "carousel" } })[0],
    ).toMatchObject({ code: "too_few_media", limit: 2, actual: 1 });
  });

  it("names an unknown post type", () => {
    expect(
      instagramRules.validate({ text: "", media: [jpeg], options: { postType: "igtv" } })[0],
    ).toMatchObject({ field: "options.postType", code: "post_type_unknown" });
  });
});
