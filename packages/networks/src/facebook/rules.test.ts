import { describe, expect, it } from "vitest";
import { facebookRules } from "./rules.ts";

const MB = 1000 * 1000;

describe("Facebook content rules", () => {
  it("allows 63,206 characters in a Page post", () => {
    expect(facebookRules.validate({ text: "a".repeat(63_206), media: [] })).toEqual([]);
    expect(facebookRules.validate({ text: "a".repeat(63_207), media: [] })).toEqual([
      {
        network: "facebook",
        field: "text",
        code: "text_too_long",
        message: "Facebook allows 63206 characters; this post has 63207.",
        limit: 63_206,
        actual: 63_207,
      },
    ]);
  });

  it("takes up to 10 photos of 10 MB, or one video alone", () => {
    const photo = { mimeType: "image/jpeg", sizeBytes: MB };
    expect(facebookRules.validate({ text: "", media: Array(10).fill(photo) })).toEqual([]);
    expect(
      facebookRules.validate({ text: "", media: Array(11).fill(photo) }).map((i) => i.message),
    ).toEqual(["Facebook allows 10 media files per post; this post has 11."]);
    expect(
      facebookRules.validate({
        text: "",
        media: [{ mimeType: "image/png", sizeBytes: 11 * MB }],
      })[0]?.message,
    ).toBe("Facebook allows images up to 10 MB; image 1 is 11 MB.");
    const video = { mimeType: "video/mp4", sizeBytes: MB, durationSeconds: 241 * 60 };
    expect(
      facebookRules.validate({ text: "", media: [video, photo] }).map((i) => [i.code, i.limit]),
    ).toEqual([
      ["media_too_long", 14_400],
      ["media_must_be_alone", 1],
    ]);
  });

  it("needs text or media and has no threads", () => {
    expect(
      facebookRules
        .validate({ text: " ", media: [], thread: [{ text: "two" }] })
        .map((i) => [i.field, i.code]),
    ).toEqual([
      ["thread", "thread_unsupported"],
      ["text", "text_empty"],
    ]);
  });
});
