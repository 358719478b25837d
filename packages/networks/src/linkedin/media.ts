import * as z from "zod";
import { NetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import { retryTransient } from "../kit/retry.ts";
import { readMedia, uploadRanges, waitForProcessing } from "../kit/upload.ts";
import type { MediaItem } from "../types.ts";
import { type LinkedInApi, linkedInName } from "./api.ts";

const MB = 1000 * 1000;

const imageUpload = z.object({
  value: z.object({ uploadUrl: z.string(), image: z.string() }),
});
const videoUpload = z.object({
  value: z.object({
    video: z.string(),
    uploadToken: z.string().optional(),
    uploadInstructions: z
      .array(z.object({ uploadUrl: z.string(), firstByte: z.number(), lastByte: z.number() }))
      .min(1),
  }),
});
const videoStatus = z.object({ status: z.string().optional() });

/**
 * Images API: POST /rest/images?action=initializeUpload with the owner (the post's author), then
 * PUT the bytes to the upload URL it answers. Returns the image URN for the post.
 */
export async function uploadLinkedInImage(
  li: LinkedInApi,
  accessToken: string,
  owner: string,
  image: { bytes: Uint8Array<ArrayBuffer>; contentType: string },
): Promise<string> {
  const init = parseBody(
    linkedInName,
    "upload media",
    imageUpload,
    await li.rest.json({
      operation: "upload media",
      url: li.url("/rest/images"),
      query: { action: "initializeUpload" },
      bearer: accessToken,
      json: { initializeUploadRequest: { owner } },
    }),
  );
  await retryTransient(() =>
    li.http.send({
      operation: "upload media",
      method: "PUT",
      url: init.value.uploadUrl,
      bearer: accessToken,
      bytes: { data: image.bytes, contentType: image.contentType },
      timeoutMs: 120_000,
    }),
  );
  return init.value.image;
}

/** Reads an image from Cadence's media store and uploads it. */
export async function uploadLinkedInImageFrom(
  li: LinkedInApi,
  accessToken: string,
  owner: string,
  item: MediaItem,
): Promise<string> {
  const bytes = await readMedia(
    { ...linkedInName, url: item.url, fetch: li.config.fetch, timeoutMs: li.config.timeoutMs },
    100 * MB,
  );
  return uploadLinkedInImage(li, accessToken, owner, { bytes, contentType: item.mimeType });
}

/**
 * Videos API: POST /rest/videos?action=initializeUpload with the file size answers the parts to
 * PUT (byte ranges of 4 MB, each to its own URL); each part's ETag goes into
 * POST /rest/videos?action=finalizeUpload; then GET /rest/videos/{urn} until AVAILABLE.
 */
export async function uploadLinkedInVideo(
  li: LinkedInApi,
  accessToken: string,
  owner: string,
  item: MediaItem,
): Promise<string> {
  const init = parseBody(
    linkedInName,
    "upload media",
    videoUpload,
    await li.rest.json({
      operation: "upload media",
      url: li.url("/rest/videos"),
      query: { action: "initializeUpload" },
      bearer: accessToken,
      json: {
        initializeUploadRequest: {
          owner,
          fileSizeBytes: item.sizeBytes,
          uploadCaptions: false,
          uploadThumbnail: false,
        },
      },
    }),
  );
  const { video, uploadInstructions } = init.value;
  const ranges = uploadInstructions.map((part) => ({
    start: part.firstByte,
    end: part.lastByte + 1,
    uploadUrl: part.uploadUrl,
  }));
  const etags: string[] = [];
  await uploadRanges({
    ...linkedInName,
    url: item.url,
    fetch: li.config.fetch,
    timeoutMs: li.config.timeoutMs,
    first: ranges[0] ?? { start: 0, end: item.sizeBytes },
    uploadRange: async (chunk, range) => {
      const index = ranges.findIndex((part) => part.start === range.start);
      const part = ranges[index];
      if (part === undefined) throw new Error(`no upload part starts at byte ${range.start}`);
      const answer = await li.http.send({
        operation: "upload media",
        method: "PUT",
        url: part.uploadUrl,
        bearer: accessToken,
        bytes: { data: chunk, contentType: "application/octet-stream" },
        timeoutMs: 120_000,
      });
      etags[index] = answer.headers.get("etag") ?? "";
      return ranges[index + 1];
    },
  });
  await li.rest.send({
    operation: "upload media",
    url: li.url("/rest/videos"),
    query: { action: "finalizeUpload" },
    bearer: accessToken,
    json: {
      finalizeUploadRequest: {
        video,
        uploadToken: init.value.uploadToken ?? "",
        uploadedPartIds: etags,
      },
    },
  });
  let polls = 0;
  const status = await waitForProcessing(linkedInName, async () => {
    const body = parseBody(
      linkedInName,
      "check media processing",
      videoStatus,
      await li.rest.json({
        operation: "check media processing",
        url: li.url(`/rest/videos/${li.segment(video)}`),
        bearer: accessToken,
      }),
    );
    const done = body.status === "AVAILABLE" || body.status === "PROCESSING_FAILED";
    polls += 1;
    return { done, value: body.status, waitMs: Math.min(250 * 2 ** polls, 10_000) };
  });
  if (status === "PROCESSING_FAILED") {
    throw new NetworkError({
      network: "linkedin",
      kind: "permanent",
      operation: "upload media",
      code: "PROCESSING_FAILED",
      detail: `video ${video} failed processing`,
      userMessage: "LinkedIn could not process the video. Use a different file.",
    });
  }
  return video;
}
