import { describe, expect, it } from "vitest";
import { pinterestRules } from "./rules.ts";

const MB = 1024 * 1024;
const image = { mimeType: "image/jpeg", sizeBytes: 2 * MB, width: 1000, height: 1500 };
const board = { boardId: "549755885175" };

describe("Pinterest content rules", () => {
  it("needs an image or a video, and a board", () => {
    const issues = pinterestRules.validate({ text: "Words", media: [] });
    expect(issues).toEqual([
      {
        network: "pinterest",
        field: "options.boardId",
        code: "board_required",
        message: "Pinterest needs a board to save the Pin to.",
        limit: undefined,
        actual: undefined,
      },
      {
        network: "pinterest",
        field: "media",
        code: "media_required",
        message: "Pinterest needs an image or a video for a Pin.",
        limit: 1,
        actual: 0,
      },
    ]);
  });

  it("limits the title to 100, the description to 500 and alt text to 500 characters", () => {
    expect(
      pinterestRules.validate({
        text: "d".repeat(500),
        media: [{ ...image, altText: "a".repeat(500) }],
        options: { ...board, title: "t".repeat(100) },
      }),
    ).toEqual([]);
    const issues = pinterestRules.validate({
      text: "d".repeat(501),
      media: [{ ...image, altText: "a".repeat(501) }],
      options: { ...board, title: "t".repeat(101) },
    });
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ["options.title", "Pinterest allows 100 characters; the title has 101."],
      ["text", "Pinterest allows 500 characters; the description has 501."],
      ["media[0].altText", "Pinterest allows alt text up to 500 characters; media 1 has 501."],
    ]);
  });

  it("needs the link to be a web address", () => {
    const issues = pinterestRules.validate({
      text: "",
      media: [image],
      options: { ...board, link: "javascript:alert(1)" },
    });
    expect(issues.map((i) => [i.field, i.code, i.limit])).toEqual([
      ["options.link", "link_invalid", 2048],
    ]);
    expect(
      pinterestRules.validate({
        text: "",
        media: [image],
        options: { ...board, link: "https://example.com/recipe" },
      }),
    ).toEqual([]);
  });

  it("takes a carousel of up to 5 images, and a video only alone", () => {
    expect(
      pinterestRules.validate({ text: "", media: Array(5).fill(image), options: board }),
    ).toEqual([]);
    expect(
      pinterestRules
        .validate({ text: "", media: Array(6).fill(image), options: board })
        .map((i) => i.message),
    ).toEqual(["Pinterest allows 5 media files per post; this Pin has 6."]);
    const video = {
      mimeType: "video/mp4",
      sizeBytes: 30 * MB,
      durationSeconds: 20,
      width: 1080,
      height: 1920,
    };
    expect(pinterestRules.validate({ text: "", media: [video], options: board })).toEqual([]);
    expect(
      pinterestRules
        .validate({ text: "", media: [video, image], options: board })
        .map((i) => i.code),
    ).toEqual(["media_must_be_alone"]);
  });

  it("names the limits for image size and video length, size and shape", () => {
    const issues = pinterestRules.validate({
      text: "",
      media: [
        {
          mimeType: "video/mp4",
          sizeBytes: 3 * 1024 * MB,
          durationSeconds: 2,
          width: 2000,
          height: 1000,
        },
      ],
      options: board,
    });
    expect(issues.map((i) => i.message)).toEqual([
      "Pinterest allows videos up to 2 GB; video 1 is 3 GB.",
      "Pinterest needs videos of at least 4 s; video 1 is 2 s.",
      "Pinterest accepts videos with aspect ratios from 1:2 to 1.91:1; video 1 is 2000×1000.",
    ]);
    expect(
      pinterestRules.validate({
        text: "",
        media: [{ ...image, sizeBytes: 21 * MB }],
        options: board,
      })[0]?.message,
    ).toBe("Pinterest allows images up to 20 MB; image 1 is 21 MB.");
  });

  it("has no threads or first comments", () => {
    const issues = pinterestRules.validate({
      text: "",
      media: [image],
      options: board,
      thread: [{ text: "2" }, { text: "3" }],
      firstComment: "hi",
    });
    expect(issues.map((i) => i.message)).toEqual([
      "Pinterest has no threads; remove the 2 thread posts.",
      "Pinterest does not let apps add a first comment; remove it.",
    ]);
  });
});
