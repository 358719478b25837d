import type { DraftMedia } from "@cadence/networks";
import { describe, expect, it } from "vitest";
import { VisibleError } from "../error/index.ts";
import { assertPublishable, draftFor } from "./validate.ts";

const library: Record<string, DraftMedia> = {
  photo: { mimeType: "image/jpeg", sizeBytes: 200_000, width: 1080, height: 1080 },
  clip: {
    mimeType: "video/mp4",
    sizeBytes: 5_000_000,
    width: 1080,
    height: 1920,
    durationSeconds: 20,
  },
};
const describeMedia = async (ids: string[]) => ids.map((id) => library[id] as DraftMedia);

async function refusal(run: () => Promise<void>): Promise<VisibleError> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof VisibleError)) throw new Error("expected the post to be refused");
  return error;
}
type Issue = { network: string; code: string; field: string; target: number };
const issuesOf = (error: VisibleError) =>
  ((error.details?.issues ?? []) as Issue[]).map(({ network, code, field, target }) => ({
    network,
    code,
    field,
    target,
  }));

describe("the draft each network sees", () => {
  it("takes the post's text and media unless the target overrides them", async () => {
    const post = { text: "Hello", mediaIds: ["photo"] };
    const plain = await draftFor(post, {}, describeMedia);
    expect(plain).toMatchObject({ text: "Hello", media: [library.photo] });
    const edited = await draftFor(post, { text: "Hi X", mediaIds: [] }, describeMedia);
    expect(edited).toMatchObject({ text: "Hi X", media: [] });
  });

  it("describes a thread's own media and passes each network's options", async () => {
    const draft = await draftFor(
      { text: "1/2", mediaIds: [] },
      { thread: [{ text: "2/2", mediaIds: ["clip"] }], boardId: "board_1", title: "A title" },
      describeMedia,
    );
    expect(draft.thread).toEqual([{ text: "2/2", media: [library.clip] }]);
    expect(draft.options).toMatchObject({ boardId: "board_1", title: "A title" });
  });
});

describe("validation per network before scheduling", () => {
  const long = "word ".repeat(70).trim(); // 349 characters: too long for X, fine for Mastodon

  it("refuses with content_invalid, naming the network's target and field", async () => {
    const error = await refusal(() =>
      assertPublishable(
        { text: long, mediaIds: [] },
        [
          { network: "mastodon", overrides: {} },
          { network: "x", overrides: {} },
        ],
        describeMedia,
      ),
    );
    expect(error.code).toBe("content_invalid");
    expect(error.status).toBe(400);
    expect(error.field).toBe("targets[1].text");
    expect(issuesOf(error)).toEqual([
      { network: "x", code: "text_too_long", field: "text", target: 1 },
    ]);
  });

  it("accepts the same post once X's copy is edited to fit", async () => {
    await expect(
      assertPublishable(
        { text: long, mediaIds: [] },
        [
          { network: "mastodon", overrides: {} },
          { network: "x", overrides: { text: "Short enough for X" } },
        ],
        describeMedia,
      ),
    ).resolves.toBeUndefined();
  });

  it("reports every network's problems at once, the first as the headline", async () => {
    const error = await refusal(() =>
      assertPublishable(
        { text: long, mediaIds: [] },
        [
          { network: "x", overrides: {} },
          { network: "instagram", overrides: {} },
          { network: "pinterest", overrides: {} },
        ],
        describeMedia,
      ),
    );
    const issues = issuesOf(error);
    expect(issues[0]).toMatchObject({ network: "x", code: "text_too_long", target: 0 });
    expect(issues).toContainEqual(
      expect.objectContaining({ network: "instagram", code: "media_required", target: 1 }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ network: "pinterest", code: "board_required", target: 2 }),
    );
    expect(error.message).toContain(`(and ${issues.length - 1} more problems)`);
  });

  it("a target's media override is what its network checks", async () => {
    const targets = [{ network: "instagram", overrides: { mediaIds: ["photo"] } }];
    await expect(
      assertPublishable({ text: "Caption", mediaIds: [] }, targets, describeMedia),
    ).resolves.toBeUndefined();
  });
});
