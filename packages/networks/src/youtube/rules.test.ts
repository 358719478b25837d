import { describe, expect, it } from "vitest";
import { youtubeRules } from "./rules.ts";

const video = {
  mimeType: "video/mp4",
  sizeBytes: 50_000_000,
  durationSeconds: 95,
  width: 1920,
  height: 1080,
};
const titled = { title: "Launch day" };

describe("YouTube content rules", () => {
  it("refuses a post without a video, in a sentence naming YouTube", () => {
    const issues = youtubeRules.validate({ text: "Words only", media: [], options: titled });
    expect(issues).toEqual([
      {
        network: "youtube",
        field: "media",
        code: "media_required",
        message: "YouTube needs a video in a post.",
        limit: 1,
        actual: 0,
      },
    ]);
  });

  it("requires a title", () => {
    for (const options of [undefined, { title: "   " }]) {
      const issues = youtubeRules.validate({ text: "", media: [video], options });
      expect(issues.map((i) => [i.field, i.code, i.message])).toEqual([
        ["options.title", "title_required", "YouTube needs a title for the video."],
      ]);
    }
  });

  it("limits the title to 100 characters and the description to 5,000 bytes, without < or >", () => {
    expect(
      youtubeRules.validate({
        text: "é".repeat(2500),
        media: [video],
        options: { title: "t".repeat(100) },
      }),
    ).toEqual([]);
    const issues = youtubeRules.validate({
      text: `${"é".repeat(2500)}<`,
      media: [video],
      options: { title: `${"t".repeat(100)}>` },
    });
    expect(issues.map((i) => i.message)).toEqual([
      "YouTube allows 100 characters; the title has 101.",
      "YouTube allows 5000 bytes (UTF-8); the description has 5001.",
      "YouTube does not allow < or > in the title.",
      "YouTube does not allow < or > in the description.",
    ]);
    expect(youtubeRules.countText("é")).toBe(2);
  });

  it("counts tags the way YouTube does: quotes around a tag with a space, commas between", () => {
    const tags = Array.from({ length: 50 }, (_, i) => `tag ${String(i).padStart(3, "0")}`);
    // 50 tags of 7 characters, +2 quotes each, +49 commas = 499.
    expect(
      youtubeRules.validate({ text: "", media: [video], options: { ...titled, tags } }),
    ).toEqual([]);
    const issues = youtubeRules.validate({
      text: "",
      media: [video],
      options: { ...titled, tags: [...tags, "x"] },
    });
    expect(issues.map((i) => [i.field, i.message, i.limit, i.actual])).toEqual([
      [
        "options.tags",
        "YouTube allows 500 characters of tags in all; these tags have 501.",
        500,
        501,
      ],
    ]);
  });

  it("checks Shorts: at most 3 minutes, square or vertical", () => {
    const vertical = { ...video, width: 1080, height: 1920, durationSeconds: 180 };
    expect(
      youtubeRules.validate({
        text: "#Shorts",
        media: [vertical],
        options: { ...titled, shorts: true },
      }),
    ).toEqual([]);
    const issues = youtubeRules.validate({
      text: "",
      media: [{ ...video, durationSeconds: 200 }],
      options: { ...titled, shorts: true },
    });
    expect(issues.map((i) => i.message)).toEqual([
      "YouTube Shorts are at most 3 minutes; this video is 200 s.",
      "YouTube Shorts are square or vertical; this video is 1920×1080.",
    ]);
  });

  it("takes one video only, public/unlisted/private, no threads, a first comment of 10,000", () => {
    const issues = youtubeRules.validate({
      text: "",
      media: [video, { mimeType: "image/png", sizeBytes: 10 }],
      thread: [{ text: "part 2" }],
      firstComment: "c".repeat(10_001),
      options: { ...titled, privacy: "friends" },
    });
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ["thread", "thread_unsupported"],
      ["options.privacy", "privacy_unsupported"],
      ["firstComment", "text_too_long"],
      ["media", "too_many_media"],
      ["media[1]", "media_type_unsupported"],
    ]);
    expect(issues[0]?.message).toBe("YouTube has no threads; remove the thread post.");
  });
});
