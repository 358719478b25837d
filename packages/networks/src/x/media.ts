import * as z from "zod";
import { NetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import { uploadInChunks, waitForProcessing } from "../kit/upload.ts";
import type { MediaItem } from "../types.ts";
import { type XApi, xName } from "./api.ts";

// X accepts APPEND segments up to 5 MB; 4 MiB leaves headroom for the multipart envelope.
const chunkSize = 4 * 1024 * 1024;

const processingInfo = z
  .object({
    state: z.enum(["pending", "in_progress", "failed", "succeeded"]),
    check_after_secs: z.number().optional(),
    error: z.object({ message: z.string().optional(), name: z.string().optional() }).optional(),
  })
  .optional();

const uploadData = z.object({
  data: z.object({ id: z.string(), processing_info: processingInfo }),
});

/** tweet_image / tweet_gif / tweet_video: the category sets X's size and duration limits. */
function category(mimeType: string): string {
  if (mimeType === "image/gif") return "tweet_gif";
  return mimeType.startsWith("video/") ? "tweet_video" : "tweet_image";
}

/**
 * Uploads one media file with X API v2's chunked upload: POST /2/media/upload/initialize,
 * POST /2/media/upload/{id}/append per segment, POST /2/media/upload/{id}/finalize, then
 * GET /2/media/upload?command=STATUS while processing. Sets alt text through
 * POST /2/media/metadata. Returns the media id to attach to a post.
 */
export async function uploadXMedia(x: XApi, accessToken: string, item: MediaItem): Promise<string> {
  const init = parseBody(
    xName,
    "upload media",
    uploadData,
    await x.http.json({
      operation: "upload media",
      url: x.url("/2/media/upload/initialize"),
      bearer: accessToken,
      json: {
        media_type: item.mimeType,
        total_bytes: item.sizeBytes,
        media_category: category(item.mimeType),
      },
    }),
  );
  const mediaId = init.data.id;
  await uploadInChunks({
    ...xName,
    url: item.url,
    fetch: x.config.fetch,
    timeoutMs: x.config.timeoutMs,
    chunkSize,
    uploadChunk: async (chunk, index) => {
      const form = new FormData();
      form.set("segment_index", String(index));
      form.set("media", new Blob([chunk], { type: "application/octet-stream" }), "chunk");
      await x.http.send({
        operation: "upload media",
        url: x.url(`/2/media/upload/${mediaId}/append`),
        bearer: accessToken,
        multipart: form,
      });
    },
  });
  const finalized = parseBody(
    xName,
    "upload media",
    uploadData,
    await x.http.json({
      operation: "upload media",
      method: "POST",
      url: x.url(`/2/media/upload/${mediaId}/finalize`),
      bearer: accessToken,
    }),
  );
  let info = finalized.data.processing_info;
  if (info !== undefined && info.state !== "succeeded") {
    info = await waitForProcessing(xName, async () => {
      const status = parseBody(
        xName,
        "upload media",
        uploadData,
        await x.http.json({
          operation: "check media processing",
          url: x.url("/2/media/upload"),
          query: { command: "STATUS", media_id: mediaId },
          bearer: accessToken,
        }),
      );
      const current = status.data.processing_info;
      const done =
        current === undefined || current.state === "succeeded" || current.state === "failed";
      return { done, value: current, waitMs: (current?.check_after_secs ?? 1) * 1000 };
    });
  }
  if (info?.state === "failed") throw processingFailed(info.error?.message ?? info.error?.name);
  if (item.altText) {
    await x.http.send({
      operation: "set alt text",
      url: x.url("/2/media/metadata"),
      bearer: accessToken,
      json: { id: mediaId, metadata: { alt_text: { text: item.altText.slice(0, 1000) } } },
    });
  }
  return mediaId;
}

function processingFailed(reason: string | undefined): NetworkError {
  const detail = reason ?? "media processing failed";
  return new NetworkError({
    network: "x",
    kind: "permanent",
    operation: "upload media",
    code: "media_processing_failed",
    detail,
    userMessage: `X could not process the media (${detail}). Use a different file.`,
  });
}
