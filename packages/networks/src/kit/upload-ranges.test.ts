import { describe, expect, it } from "vitest";
import { NetworkError } from "./error.ts";
import { uploadRanges } from "./upload.ts";

const name = { network: "facebook", displayName: "Facebook" } as const;

function serving(bytes: Uint8Array, piece: number): typeof fetch {
  return async () =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += piece)
            controller.enqueue(bytes.slice(i, i + piece));
          controller.close();
        },
      }),
    );
}

describe("uploadRanges", () => {
  it("sends the ranges the network asks for, one after another, retrying a transient failure", async () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);
    const sent: number[][] = [];
    let failures = 1;
    const result = await uploadRanges({
      ...name,
      url: "https://media.example/v.mp4",
      fetch: serving(bytes, 3),
      first: { start: 0, end: 4 },
      retry: { sleep: async () => undefined },
      uploadRange: async (chunk, range) => {
        if (range.start === 4 && failures-- > 0) {
          throw new NetworkError({
            network: "facebook",
            kind: "transient",
            operation: "upload media",
            code: "2",
            detail: "x",
            userMessage: "x",
          });
        }
        sent.push([...chunk]);
        // The network answers with the next range, as Facebook's transfer phase does.
        return range.end < 10 ? { start: range.end, end: Math.min(range.end + 5, 10) } : undefined;
      },
    });
    expect(result).toEqual({ ranges: 3, bytes: 10 });
    expect(sent).toEqual([[0, 1, 2, 3], [4, 5, 6, 7, 8], [9]]);
  });

  it("refuses a range past the end of the file as permanent", async () => {
    const upload = uploadRanges({
      ...name,
      url: "https://media.example/v.mp4",
      fetch: serving(new Uint8Array(4), 4),
      first: { start: 0, end: 4 },
      uploadRange: async () => ({ start: 4, end: 8 }),
    });
    await expect(upload).rejects.toMatchObject({ kind: "permanent", code: "media_unreadable" });
  });
});
