import { describe, expect, it } from "vitest";
import { NetworkError } from "./error.ts";
import { readMedia, uploadInChunks } from "./upload.ts";

const name = { network: "x", displayName: "X" } as const;

/** Serves `bytes` in pieces of `piece` bytes, the way a network stream arrives. */
function serving(bytes: Uint8Array, piece: number, status = 200): typeof fetch {
  return async () =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += piece)
            controller.enqueue(bytes.slice(i, i + piece));
          controller.close();
        },
      }),
      { status },
    );
}

const transient = () =>
  new NetworkError({
    network: "x",
    kind: "transient",
    operation: "upload media",
    code: "x",
    detail: "x",
    userMessage: "x",
  });

describe("uploadInChunks", () => {
  it("re-slices a stream into fixed chunks and retries a chunk after a transient error", async () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);
    const seen: number[][] = [];
    let failures = 1;
    const result = await uploadInChunks({
      ...name,
      url: "https://media.example/v.mp4",
      fetch: serving(bytes, 3),
      chunkSize: 4,
      retry: { sleep: async () => undefined },
      uploadChunk: async (chunk, index) => {
        if (index === 1 && failures-- > 0) throw transient();
        seen.push([index, ...chunk]);
      },
    });
    expect(result).toEqual({ chunks: 3, bytes: 10 });
    expect(seen).toEqual([
      [0, 0, 1, 2, 3],
      [1, 4, 5, 6, 7],
      [2, 8, 9],
    ]);
  });

  it("does not retry a permanent error", async () => {
    let calls = 0;
    const upload = uploadInChunks({
      ...name,
      url: "https://media.example/v.mp4",
      fetch: serving(new Uint8Array(8), 8),
      chunkSize: 4,
      uploadChunk: async () => {
        calls++;
        throw new NetworkError({
          network: "x",
          kind: "permanent",
          operation: "upload",
          code: "bad",
          detail: "bad",
          userMessage: "bad",
        });
      },
    });
    await expect(upload).rejects.toMatchObject({ kind: "permanent" });
    expect(calls).toBe(1);
  });
});

describe("readMedia", () => {
  it("turns a missing file into a permanent error that says to upload again", async () => {
    const read = readMedia(
      { ...name, url: "https://media.example/gone.png", fetch: serving(new Uint8Array(0), 1, 403) },
      100,
    );
    await expect(read).rejects.toMatchObject({
      kind: "permanent",
      code: "media_unreadable",
      userMessage: "Cadence could not read the media for X (HTTP 403). Upload the file again.",
    });
  });

  it("refuses a file over the limit without reading it all", async () => {
    const read = readMedia(
      { ...name, url: "https://media.example/big.png", fetch: serving(new Uint8Array(50), 10) },
      20,
    );
    await expect(read).rejects.toMatchObject({ kind: "permanent", code: "media_too_large" });
  });
});
