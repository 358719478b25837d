import { formatBytes } from "./bytes.ts";
import { NetworkError, type NetworkName } from "./error.ts";
import { defaultTimeoutMs } from "./http.ts";
import { type RetryOptions, retryTransient, sleep } from "./retry.ts";

export interface MediaSource extends NetworkName {
  /** A URL Cadence can GET (a short-lived presigned S3 URL). */
  url: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Reads a whole media file (images: small enough to hold in memory), refusing files over maxBytes. */
export async function readMedia(
  source: MediaSource,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const response = await openMedia(source);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(source, declared, maxBytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of readStream(source, response)) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(source, total, maxBytes);
    chunks.push(chunk);
  }
  return concat(chunks, total);
}

export interface ChunkedUpload extends MediaSource {
  /** Bytes per chunk (X: up to 5 MB; YouTube: multiples of 256 KiB). */
  chunkSize: number;
  /** Sends one chunk; retried on transient errors, so it must be safe to repeat. */
  uploadChunk(chunk: Uint8Array<ArrayBuffer>, index: number, offset: number): Promise<void>;
  retry?: RetryOptions;
}

/**
 * Streams a media URL in chunks of `chunkSize` bytes and hands each to `uploadChunk`, retrying a
 * chunk on transient errors. Holds one chunk in memory at a time, so a 512 MB video costs no
 * more than its chunk size. Returns how many chunks and bytes were sent.
 */
export async function uploadInChunks(
  upload: ChunkedUpload,
): Promise<{ chunks: number; bytes: number }> {
  const response = await openMedia(upload);
  let buffer = new Uint8Array(upload.chunkSize);
  let filled = 0;
  let index = 0;
  let offset = 0;
  const flush = async () => {
    const chunk = buffer.subarray(0, filled);
    await retryTransient(() => upload.uploadChunk(chunk, index, offset), upload.retry);
    offset += filled;
    index += 1;
    filled = 0;
    buffer = new Uint8Array(upload.chunkSize);
  };
  for await (const piece of readStream(upload, response)) {
    let position = 0;
    while (position < piece.byteLength) {
      const take = Math.min(upload.chunkSize - filled, piece.byteLength - position);
      buffer.set(piece.subarray(position, position + take), filled);
      filled += take;
      position += take;
      if (filled === upload.chunkSize) await flush();
    }
  }
  if (filled > 0) await flush();
  return { chunks: index, bytes: offset };
}

export interface ProcessingCheck<T> {
  done: boolean;
  value?: T;
  /** The network's hint for the next check (X's check_after_secs). */
  waitMs?: number;
}

/**
 * Polls a network's media-processing status until it reports done, or fails transiently after
 * `timeoutMs` so the publish is retried later rather than marked failed.
 */
export async function waitForProcessing<T>(
  name: NetworkName,
  check: () => Promise<ProcessingCheck<T>>,
  options: { timeoutMs?: number; intervalMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T | undefined> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const wait = options.sleep ?? sleep;
  for (;;) {
    const result = await retryTransient(check);
    if (result.done) return result.value;
    const pause = result.waitMs ?? options.intervalMs ?? 1000;
    if (Date.now() + pause > deadline) {
      throw new NetworkError({
        network: name.network,
        kind: "transient",
        operation: "wait for media processing",
        code: "processing_timeout",
        detail: "media was still processing when Cadence stopped waiting",
        userMessage: `${name.displayName} is still processing the media. Cadence will try again.`,
      });
    }
    await wait(pause);
  }
}

async function openMedia(source: MediaSource): Promise<Response> {
  const doFetch = source.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(source.url, {
      signal: AbortSignal.timeout(Math.max(source.timeoutMs ?? defaultTimeoutMs, 60_000)),
    });
  } catch (cause) {
    throw mediaError(source, "transient", undefined, "the media file could not be read", cause);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    const kind = response.status >= 500 || response.status === 429 ? "transient" : "permanent";
    throw mediaError(
      source,
      kind,
      response.status,
      `reading the media file answered ${response.status}`,
    );
  }
  return response;
}

async function* readStream(source: MediaSource, response: Response): AsyncGenerator<Uint8Array> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (cause) {
        throw mediaError(
          source,
          "transient",
          undefined,
          "reading the media file was interrupted",
          cause,
        );
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    reader.releaseLock();
  }
}

function mediaError(
  source: MediaSource,
  kind: "transient" | "permanent",
  status: number | undefined,
  detail: string,
  cause?: unknown,
): NetworkError {
  return new NetworkError({
    network: source.network,
    kind,
    operation: "read media",
    status,
    code: "media_unreadable",
    detail,
    userMessage:
      kind === "transient"
        ? `Cadence could not read the media for ${source.displayName} just now. Cadence will try again.`
        : `Cadence could not read the media for ${source.displayName} (HTTP ${status}). Upload the file again.`,
    cause,
  });
}

function tooLarge(source: MediaSource, actual: number, limit: number): NetworkError {
  return new NetworkError({
    network: source.network,
    kind: "permanent",
    operation: "read media",
    code: "media_too_large",
    detail: `media is ${actual} bytes, over the ${limit}-byte limit`,
    userMessage: `${source.displayName} accepts files up to ${formatBytes(limit)}; this one is larger. Use a smaller file.`,
  });
}

function concat(chunks: Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const result = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return result;
}
