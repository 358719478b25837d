import { formatBytes } from "./bytes.ts";
import { errorFromFailure, errorFromResponse, NetworkError, type NetworkName } from "./error.ts";
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
  /**
   * The last chunk carries the remainder instead of going as a short chunk of its own (TikTok:
   * chunk count = floor(size / chunk size)), so 25 MB in 10 MB chunks goes as 10 + 15.
   */
  mergeRemainder?: { totalBytes: number };
}

/** The chunk count and each chunk's size for an upload, as `uploadInChunks` will send it. */
export function chunkPlan(
  totalBytes: number,
  chunkSize: number,
  mergeRemainder: boolean,
): { count: number; sizeOf(index: number): number } {
  if (!mergeRemainder) {
    const count = Math.max(1, Math.ceil(totalBytes / chunkSize));
    return { count, sizeOf: () => chunkSize };
  }
  const count = Math.max(1, Math.floor(totalBytes / chunkSize));
  const last = totalBytes - (count - 1) * chunkSize;
  return { count, sizeOf: (index) => (index === count - 1 ? last : chunkSize) };
}

/** `bytes 0-524287/2000000`: the Content-Range of a chunk (RFC 9110 §14.4). */
export function contentRange(offset: number, length: number, totalBytes: number): string {
  return `bytes ${offset}-${offset + length - 1}/${totalBytes}`;
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
  const plan = upload.mergeRemainder
    ? chunkPlan(upload.mergeRemainder.totalBytes, upload.chunkSize, true)
    : undefined;
  // Past the planned chunks (a file longer than declared), chunks are plain-sized again.
  const sizeOf = (at: number) => (plan && at < plan.count ? plan.sizeOf(at) : upload.chunkSize);
  let buffer = new Uint8Array(sizeOf(0));
  let filled = 0;
  let index = 0;
  let offset = 0;
  const flush = async () => {
    const chunk = buffer.subarray(0, filled);
    await retryTransient(() => upload.uploadChunk(chunk, index, offset), upload.retry);
    offset += filled;
    index += 1;
    filled = 0;
    buffer = new Uint8Array(sizeOf(index));
  };
  for await (const piece of readStream(upload, response)) {
    let position = 0;
    while (position < piece.byteLength) {
      const take = Math.min(buffer.byteLength - filled, piece.byteLength - position);
      buffer.set(piece.subarray(position, position + take), filled);
      filled += take;
      position += take;
      if (filled === buffer.byteLength) await flush();
    }
  }
  if (filled > 0) await flush();
  return { chunks: index, bytes: offset };
}

/** Bytes `start` (inclusive) to `end` (exclusive) of a media file. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface RangedUpload extends MediaSource {
  /** The first range the network asks for. */
  first: ByteRange;
  /**
   * Sends one range and returns the next range the network asks for, or undefined when the
   * upload is complete. Retried on transient errors, so it must be safe to repeat.
   */
  uploadRange(chunk: Uint8Array<ArrayBuffer>, range: ByteRange): Promise<ByteRange | undefined>;
  retry?: RetryOptions;
}

/**
 * Streams a media URL and sends the byte ranges the network names, one after another: Facebook's
 * resumable video upload answers each chunk with the next `start_offset`/`end_offset`, LinkedIn's
 * video upload lists its parts up front. Ranges must move forward through the file; at most one
 * range is held in memory.
 */
export async function uploadRanges(
  upload: RangedUpload,
): Promise<{ ranges: number; bytes: number }> {
  const response = await openMedia(upload);
  const stream = readStream(upload, response);
  const pieces: Uint8Array[] = [];
  let bufferedFrom = 0;
  let buffered = 0;
  let ended = false;
  let ranges = 0;
  let bytes = 0;
  try {
    for (let range = upload.first as ByteRange | undefined; range !== undefined; ) {
      if (range.start < bufferedFrom || range.end <= range.start) {
        throw mediaError(
          upload,
          "transient",
          undefined,
          `the network asked for bytes ${range.start}-${range.end} out of order`,
        );
      }
      while (bufferedFrom + buffered < range.end && !ended) {
        const next = await stream.next();
        if (next.done) ended = true;
        else {
          pieces.push(next.value);
          buffered += next.value.byteLength;
        }
      }
      const end = Math.min(range.end, bufferedFrom + buffered);
      if (end <= range.start) {
        throw mediaError(
          upload,
          "permanent",
          undefined,
          `the media file ends before byte ${range.start} the network asked for`,
        );
      }
      takeBytes(pieces, range.start - bufferedFrom);
      const chunk = concat(takeBytes(pieces, end - range.start), end - range.start);
      buffered -= end - bufferedFrom;
      bufferedFrom = end;
      const sending = { start: range.start, end };
      range = await retryTransient(() => upload.uploadRange(chunk, sending), upload.retry);
      ranges += 1;
      bytes += chunk.byteLength;
    }
  } finally {
    await stream.return(undefined);
    await response.body?.cancel().catch(() => undefined);
  }
  return { ranges, bytes };
}

/** Removes `count` bytes from the front of `pieces` and returns them as pieces. */
function takeBytes(pieces: Uint8Array[], count: number): Uint8Array[] {
  const taken: Uint8Array[] = [];
  let left = count;
  while (left > 0) {
    const first = pieces[0];
    if (first === undefined) break;
    if (first.byteLength <= left) {
      taken.push(first);
      pieces.shift();
      left -= first.byteLength;
    } else {
      taken.push(first.subarray(0, left));
      pieces[0] = first.subarray(left);
      left = 0;
    }
  }
  return taken;
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

export interface FormUpload extends MediaSource {
  /** Where the form goes: an upload URL with its fields (an S3 presigned POST). */
  target: string;
  fields: Record<string, string>;
  /** The file's form field (S3: "file", which must come last) and what it declares. */
  file: { field: string; filename: string; contentType: string; sizeBytes: number };
  operation: string;
}

/**
 * Streams a media URL into a multipart form POST with an exact Content-Length (S3's presigned
 * POST takes no chunked bodies), holding no more than one read in memory: Pinterest's video
 * upload to its S3 bucket. S3 answers failures in XML (`<Code>`, `<Message>`).
 */
export async function uploadAsForm(upload: FormUpload): Promise<void> {
  const boundary = `cadence-${globalThis.crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const part = (name: string, extra = "") =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n`;
  const head = encoder.encode(
    Object.entries(upload.fields)
      .map(([name, value]) => `${part(name)}\r\n${value}\r\n`)
      .join("") +
      `${part(upload.file.field, `; filename="${upload.file.filename}"`)}Content-Type: ${upload.file.contentType}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const media = await openMedia(upload);
  const declared = Number(media.headers.get("content-length"));
  const size = Number.isFinite(declared) && declared > 0 ? declared : upload.file.sizeBytes;
  const pieces = readStream(upload, media);
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(head),
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) {
        controller.enqueue(tail);
        controller.close();
      } else controller.enqueue(next.value);
    },
    cancel: async () => {
      await pieces.return(undefined);
    },
  });
  let response: Response;
  try {
    response = await (upload.fetch ?? globalThis.fetch)(upload.target, {
      method: "POST",
      body,
      duplex: "half",
      headers: {
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(head.byteLength + size + tail.byteLength),
      },
      signal: AbortSignal.timeout(Math.max(upload.timeoutMs ?? defaultTimeoutMs, 300_000)),
    } as RequestInit);
  } catch (cause) {
    throw errorFromFailure(upload, upload.operation, cause);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `http-${response.status}`;
    const detail = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? `HTTP ${response.status}`;
    throw errorFromResponse(upload, upload.operation, response.status, { code, detail });
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
