import { describe, expect, it } from "vitest";
import { NetworkError } from "./error.ts";
import { chunkPlan, contentRange, readMedia, uploadAsForm, uploadInChunks } from "./upload.ts";

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

  it("can send the remainder with the last chunk instead of a short chunk of its own", async () => {
    const bytes = Uint8Array.from({ length: 11 }, (_, i) => i);
    const sizes: number[] = [];
    const result = await uploadInChunks({
      ...name,
      url: "https://media.example/v.mp4",
      fetch: serving(bytes, 3),
      chunkSize: 4,
      mergeRemainder: { totalBytes: 11 },
      uploadChunk: async (chunk) => {
        sizes.push(chunk.byteLength);
      },
    });
    expect(result).toEqual({ chunks: 2, bytes: 11 });
    expect(sizes).toEqual([4, 7]);
    expect(chunkPlan(3, 4, true)).toMatchObject({ count: 1 });
    expect(contentRange(4, 7, 11)).toBe("bytes 4-10/11");
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

describe("uploadAsForm", () => {
  it("streams the media into a multipart form with its exact length, the file last", async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const media = serving(bytes, 128);
    let received: { length: string | null; form: FormData } | undefined;
    const fetchImpl: typeof fetch = async (input, init) => {
      if (String(input).startsWith("https://media.example")) return media(input, init);
      const request = new Request(String(input), init);
      const length = request.headers.get("content-length");
      const raw = new Uint8Array(await request.arrayBuffer());
      expect(raw.byteLength).toBe(Number(length));
      const form = await new Response(raw, { headers: request.headers }).formData();
      received = { length, form };
      return new Response(null, { status: 204 });
    };
    await uploadAsForm({
      ...name,
      url: "https://media.example/v.mp4",
      fetch: fetchImpl,
      target: "https://bucket.example/",
      fields: { key: "uploads/1", policy: "p" },
      file: { field: "file", filename: "video.mp4", contentType: "video/mp4", sizeBytes: 1000 },
      operation: "upload video",
    });
    const form = received?.form;
    expect([...(form?.keys() ?? [])]).toEqual(["key", "policy", "file"]);
    const file = form?.get("file") as File;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it("reads S3's XML refusal", async () => {
    const fetchImpl: typeof fetch = async (input, init) =>
      String(input).startsWith("https://media.example")
        ? serving(new Uint8Array(10), 10)(input, init)
        : new Response(
            "<Error><Code>AccessDenied</Code><Message>Policy expired</Message></Error>",
            {
              status: 403,
            },
          );
    const error = await uploadAsForm({
      ...name,
      url: "https://media.example/v.mp4",
      fetch: fetchImpl,
      target: "https://bucket.example/",
      fields: {},
      file: { field: "file", filename: "v.mp4", contentType: "video/mp4", sizeBytes: 10 },
      operation: "upload video",
    }).then(
      () => {
        throw new Error("expected a refusal");
      },
      (caught: unknown) => caught as NetworkError,
    );
    expect({ kind: error.kind, code: error.code, detail: error.detail }).toEqual({
      kind: "permanent",
      code: "AccessDenied",
      detail: "Policy expired",
    });
  });
});
