import * as z from "zod";
import { isNetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import { chunkPlan, contentRange, uploadInChunks, waitForProcessing } from "../kit/upload.ts";
import type { MediaItem } from "../types.ts";
import { type TikTokApi, tiktokName } from "./api.ts";
import { publishFailed } from "./errors.ts";

/**
 * TikTok's chunk rules (media transfer guide): chunks of 5–64 MB, the count rounded down so the
 * last chunk takes the remainder (up to 128 MB), a file under the chunk size sent whole.
 */
const chunkSize = 10 * 1024 * 1024;

/** source_info for a FILE_UPLOAD of this size, matching what `uploadVideo` will send. */
export function fileUploadSource(sizeBytes: number) {
  const plan = chunkPlan(sizeBytes, chunkSize, true);
  return {
    source: "FILE_UPLOAD",
    video_size: sizeBytes,
    chunk_size: plan.count === 1 ? sizeBytes : chunkSize,
    total_chunk_count: plan.count,
  };
}

/**
 * Sends the video to the upload_url TikTok gave at init: sequential PUTs with Content-Range,
 * 206 for each chunk and 201 once the file is complete. A chunk is retried on transient errors.
 */
export async function uploadVideo(tt: TikTokApi, uploadUrl: string, item: MediaItem) {
  await uploadInChunks({
    ...tiktokName,
    url: item.url,
    fetch: tt.config.fetch,
    timeoutMs: tt.config.timeoutMs,
    chunkSize,
    mergeRemainder: { totalBytes: item.sizeBytes },
    uploadChunk: async (chunk, _index, offset) => {
      await tt.http.send({
        operation: "upload video",
        method: "PUT",
        url: uploadUrl,
        headers: { "content-range": contentRange(offset, chunk.byteLength, item.sizeBytes) },
        bytes: { data: chunk, contentType: item.mimeType },
        timeoutMs: Math.max(tt.config.timeoutMs ?? 0, 120_000),
      });
    },
  });
}

const statusBody = z.object({
  data: z.object({
    status: z.string(),
    fail_reason: z.string().optional(),
    publicaly_available_post_id: z.array(z.union([z.string(), z.number()])).optional(),
  }),
});

/** How long publish waits for TikTok before recording the post by its publish id. */
const publishWaitMs = 120_000;

/**
 * Polls /v2/post/publish/status/fetch/ (30 requests a minute per token) until TikTok reports
 * PUBLISH_COMPLETE or FAILED. Returns the post id once public, or undefined when TikTok gives
 * none yet (private posts, moderation still running, or still processing when Cadence stops
 * waiting): the post is made either way and must not be published again.
 */
export async function awaitPublish(
  tt: TikTokApi,
  accessToken: string,
  publishId: string,
  options: { sleep?: (ms: number) => Promise<void> } = {},
): Promise<string | undefined> {
  let polls = 0;
  let outcome: { postId?: string; failReason?: string } | undefined;
  try {
    outcome = await waitForProcessing(
      tiktokName,
      async () => {
        polls += 1;
        const { data } = parseBody(
          tiktokName,
          "check post status",
          statusBody,
          await tt.http.json({
            operation: "check post status",
            url: tt.url("/v2/post/publish/status/fetch/"),
            bearer: accessToken,
            json: { publish_id: publishId },
            integersAsText: true,
          }),
        );
        const id = data.publicaly_available_post_id?.[0];
        return {
          done: data.status === "PUBLISH_COMPLETE" || data.status === "FAILED",
          value: {
            postId: id === undefined ? undefined : String(id),
            failReason: data.status === "FAILED" ? (data.fail_reason ?? "unknown") : undefined,
          },
          waitMs: Math.min(5000, 1000 * 2 ** (polls - 1)),
        };
      },
      { timeoutMs: publishWaitMs, sleep: options.sleep },
    );
  } catch (error) {
    if (isNetworkError(error) && error.code === "processing_timeout") return undefined;
    throw error;
  }
  if (outcome?.failReason !== undefined) throw publishFailed(outcome.failReason);
  return outcome?.postId;
}
