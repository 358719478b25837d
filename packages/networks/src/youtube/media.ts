import * as z from "zod";
import { isNetworkError, NetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import { contentRange, readMedia, uploadInChunks, waitForProcessing } from "../kit/upload.ts";
import type { MediaItem } from "../types.ts";
import { type YouTubeApi, youtubeName } from "./api.ts";

/** Chunks must be multiples of 256 KiB (all but the last); 8 MiB keeps requests few. */
const chunkSize = 32 * 256 * 1024;

export const videoResource = z.object({
  id: z.string(),
  status: z
    .object({
      uploadStatus: z.string().optional(),
      rejectionReason: z.string().optional(),
      failureReason: z.string().optional(),
    })
    .optional(),
});
export type VideoResource = z.infer<typeof videoResource>;

/**
 * The resumable upload protocol (developers.google.com/youtube/v3/guides/using_resumable_upload_
 * protocol): POST the metadata to /upload/youtube/v3/videos?uploadType=resumable and take the
 * session URI from Location; PUT the bytes in chunks with Content-Range, each answered "308
 * Resume Incomplete" with the Range YouTube holds; after an interruption ask the session with
 * `Content-Range: bytes *\/total` and go on from the byte after that Range. The last chunk is
 * answered with the video resource.
 */
export async function uploadVideo(
  yt: YouTubeApi,
  accessToken: string,
  item: MediaItem,
  metadata: Record<string, unknown>,
): Promise<VideoResource> {
  const total = item.sizeBytes;
  const start = await yt.http.send({
    operation: "upload video",
    url: yt.upload("/videos"),
    query: { uploadType: "resumable", part: Object.keys(metadata).join(",") },
    bearer: accessToken,
    headers: { "x-upload-content-length": String(total), "x-upload-content-type": item.mimeType },
    json: metadata,
  });
  const session = start.headers.get("location");
  if (!session) throw unexpected("YouTube gave no upload session URI");

  let held = 0;
  let interrupted = false;
  let video: VideoResource | undefined;
  const put = async (headers: Record<string, string>, data?: Uint8Array<ArrayBuffer>) => {
    const answer = await yt.http.send({
      operation: "upload video",
      method: "PUT",
      url: session,
      bearer: accessToken,
      headers,
      ...(data ? { bytes: { data, contentType: item.mimeType } } : {}),
      accept: [308],
      timeoutMs: Math.max(yt.config.timeoutMs ?? 0, 120_000),
    });
    if (answer.status === 308) {
      held = heldBytes(answer.headers.get("range"));
    } else {
      video = parseBody(youtubeName, "upload video", videoResource, answer.body);
      held = total;
    }
  };

  await uploadInChunks({
    ...youtubeName,
    url: item.url,
    fetch: yt.config.fetch,
    timeoutMs: yt.config.timeoutMs,
    chunkSize,
    uploadChunk: async (chunk, _index, offset) => {
      try {
        if (interrupted) {
          interrupted = false;
          await put({ "content-range": `bytes */${total}` });
        }
        // YouTube may have kept only part of what was sent: send the rest of this chunk.
        while (!video && held < offset + chunk.byteLength) {
          if (held < offset) throw sessionLost("YouTube lost bytes of an earlier chunk");
          const rest = chunk.subarray(held - offset);
          const before = held;
          await put({ "content-range": contentRange(held, rest.byteLength, total) }, rest);
          if (!video && held <= before) throw sessionLost("YouTube kept none of the chunk");
        }
      } catch (error) {
        interrupted = true;
        if (isNetworkError(error) && (error.status === 404 || error.status === 410)) {
          throw sessionLost("the upload session expired");
        }
        throw error;
      }
    },
  });
  if (!video) throw unexpected("YouTube did not answer the last chunk with the video");
  return video;
}

/** "bytes=0-524287" → 524288 bytes held; no header means none. */
function heldBytes(range: string | null): number {
  const end = /bytes=\d+-(\d+)/.exec(range ?? "")?.[1];
  return end === undefined ? 0 : Number(end) + 1;
}

const statusList = z.object({ items: z.array(videoResource) });

/**
 * Checks once processing has settled (bounded: a long video may still be processing, which is
 * fine, the upload is made): a rejected or failed upload is a permanent error in YouTube's words.
 */
export async function checkProcessing(
  yt: YouTubeApi,
  accessToken: string,
  videoId: string,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  let status: VideoResource["status"];
  try {
    status = await waitForProcessing(
      youtubeName,
      async () => {
        const body = parseBody(
          youtubeName,
          "check video",
          statusList,
          await yt.http.json({
            operation: "check video",
            url: yt.data("/videos"),
            query: { part: "status", id: videoId },
            bearer: accessToken,
          }),
        );
        const current = body.items[0]?.status;
        return { done: current?.uploadStatus !== "uploaded", value: current, waitMs: 2000 };
      },
      { timeoutMs: options.timeoutMs ?? 20_000 },
    );
  } catch (error) {
    if (isNetworkError(error) && error.code === "processing_timeout") return;
    throw error;
  }
  if (status?.uploadStatus === "rejected") {
    const reason = status.rejectionReason ?? "unknown";
    throw refused(reason, `YouTube rejected the video: ${rejectionReasons[reason] ?? reason}.`);
  }
  if (status?.uploadStatus === "failed") {
    const reason = status.failureReason ?? "unknown";
    throw refused(
      reason,
      `YouTube could not process the video: ${failureReasons[reason] ?? reason}.`,
    );
  }
}

/** Sets a custom thumbnail (thumbnails.set; the channel must be verified by phone). */
export async function setThumbnail(
  yt: YouTubeApi,
  accessToken: string,
  videoId: string,
  thumbnailUrl: string,
): Promise<void> {
  const image = await readMedia(
    { ...youtubeName, url: thumbnailUrl, fetch: yt.config.fetch, timeoutMs: yt.config.timeoutMs },
    2 * 1024 * 1024,
  );
  const type = /\.png(\?|$)/i.test(thumbnailUrl) ? "image/png" : "image/jpeg";
  await yt.http.send({
    operation: "set thumbnail",
    url: yt.upload("/thumbnails/set"),
    query: { videoId, uploadType: "media" },
    bearer: accessToken,
    bytes: { data: image, contentType: type },
  });
}

/** videos resource status.rejectionReason values, as the person should read them. */
const rejectionReasons: Record<string, string> = {
  claim: "it was claimed by another copyright owner",
  copyright: "of a copyright infringement claim",
  duplicate: "it duplicates a video already uploaded",
  inappropriate: "it breaks YouTube's community guidelines",
  legal: "of a legal complaint",
  length:
    "it is longer than this channel may upload (verify the channel for videos over 15 minutes)",
  termsOfUse: "it breaks YouTube's terms of service",
  trademark: "of a trademark claim",
  uploaderAccountClosed: "the channel's account is closed",
  uploaderAccountSuspended: "the channel's account is suspended",
};

const failureReasons: Record<string, string> = {
  codec: "its codec is not supported",
  conversion: "it could not be converted",
  emptyFile: "the file is empty",
  invalidFile: "the file is not a video YouTube can read",
  tooSmall: "the file is too small",
  uploadAborted: "the upload was aborted",
};

function refused(code: string, userMessage: string): NetworkError {
  return new NetworkError({
    network: "youtube",
    kind: "permanent",
    operation: "publish",
    code,
    detail: userMessage,
    userMessage: `${userMessage} Use a different video.`,
  });
}

function sessionLost(detail: string): NetworkError {
  // No video exists until the last chunk lands, so starting over posts nothing twice.
  return new NetworkError({
    network: "youtube",
    kind: "transient",
    operation: "upload video",
    code: "upload_session_lost",
    detail,
    userMessage: "The upload to YouTube was interrupted. Cadence will start it again.",
  });
}

function unexpected(detail: string): NetworkError {
  return new NetworkError({
    network: "youtube",
    kind: "permanent",
    operation: "upload video",
    code: "unexpected_response",
    detail,
    userMessage: "YouTube answered in a way Cadence did not expect. Try again later.",
  });
}
