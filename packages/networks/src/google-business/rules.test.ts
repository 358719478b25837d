import { describe, expect, it } from "vitest";
import { googleBusinessRules } from "./rules.ts";

const photo = { mimeType: "image/jpeg", sizeBytes: 400_000, width: 1200, height: 900 };

describe("Google Business Profile content rules", () => {
  it("limits the summary to 1,500 characters and needs text or a photo", () => {
    expect(googleBusinessRules.validate({ text: "s".repeat(1500), media: [] })).toEqual([]);
    expect(googleBusinessRules.validate({ text: "", media: [photo] })).toEqual([]);
    const issues = googleBusinessRules.validate({ text: "s".repeat(1501), media: [] });
    expect(issues.map((i) => [i.network, i.field, i.message, i.limit])).toEqual([
      [
        "google-business",
        "text",
        "Google Business Profile allows 1500 characters; the post has 1501.",
        1500,
      ],
    ]);
    expect(googleBusinessRules.validate({ text: " ", media: [] })[0]?.message).toBe(
      "Google Business Profile needs text or a photo in a post.",
    );
  });

  it("takes one JPG or PNG photo of 10 KB to 5 MB and at least 250×250, and no video", () => {
    const issues = googleBusinessRules.validate({
      text: "Open late",
      media: [{ mimeType: "image/png", sizeBytes: 5000, width: 200, height: 300 }],
    });
    expect(issues.map((i) => i.message)).toEqual([
      "Google Business Profile needs photos of at least 10 KB; photo 1 is 5000 bytes.",
      "Google Business Profile needs photos of at least 250×250 pixels; photo 1 is 200×300.",
    ]);
    expect(
      googleBusinessRules
        .validate({ text: "Two", media: [photo, photo] })
        .map((i) => [i.code, i.limit]),
    ).toEqual([["too_many_media", 1]]);
    const video = googleBusinessRules.validate({
      text: "Clip",
      media: [{ mimeType: "video/mp4", sizeBytes: 1_000_000 }],
    });
    expect(video.map((i) => i.code)).toEqual(["media_type_unsupported"]);
    expect(
      googleBusinessRules.validate({
        text: "Big",
        media: [{ ...photo, sizeBytes: 6 * 1024 * 1024 }],
      })[0]?.message,
    ).toBe("Google Business Profile allows images up to 5 MB; image 1 is 6 MB.");
  });

  it("checks the call-to-action button and its link", () => {
    expect(
      googleBusinessRules.validate({
        text: "Book now",
        media: [],
        options: { callToAction: { actionType: "BOOK", url: "https://example.com/book" } },
      }),
    ).toEqual([]);
    expect(
      googleBusinessRules.validate({
        text: "Call us",
        media: [],
        options: { callToAction: { actionType: "CALL" } },
      }),
    ).toEqual([]);
    const issues = [
      ...googleBusinessRules.validate({
        text: "x",
        media: [],
        options: { callToAction: { actionType: "BUY", url: "https://example.com" } },
      }),
      ...googleBusinessRules.validate({
        text: "x",
        media: [],
        options: { callToAction: { actionType: "ORDER", url: "ftp://example.com" } },
      }),
    ];
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      [
        "options.callToAction.actionType",
        'Google Business Profile buttons are BOOK, ORDER, SHOP, LEARN_MORE, SIGN_UP, CALL; "BUY" is none of them.',
      ],
      [
        "options.callToAction.url",
        "Google Business Profile needs the button's link as a web address (http or https).",
      ],
    ]);
  });

  it("needs an event or offer to have a title of up to 58 characters and a schedule", () => {
    expect(
      googleBusinessRules.validate({
        text: "Sale",
        media: [],
        options: { event: { title: "Summer sale", start: "2026-07-01", end: "2026-07-07" } },
      }),
    ).toEqual([]);
    const issues = googleBusinessRules.validate({
      text: "Sale",
      media: [],
      options: {
        offer: { couponCode: "SUMMER" },
        event: { title: "t".repeat(59), start: "2026-07-07", end: "2026-07-01" },
      },
    });
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ["options.event.title", "text_too_long"],
      ["options.event", "schedule_invalid"],
    ]);
  });

  it("has no threads or first comments", () => {
    expect(
      googleBusinessRules
        .validate({ text: "x", media: [], thread: [{ text: "y" }], firstComment: "z" })
        .map((i) => i.code),
    ).toEqual(["thread_unsupported", "first_comment_unsupported"]);
  });
});
