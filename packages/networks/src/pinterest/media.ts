import * as z from "zod";
import { NetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import { uploadAsForm, waitForProcessing } from "../kit/upload.ts";
import type { MediaItem } from "../types.ts";
import { type PinterestApi, pinterestName } from "./api.ts";

const registered = z.object({
  media_id: z.string(),
  upload_url: z.string(),
  upload_parameters: z.record(z.string(), z.string()),
});
const details = z.object({ media_id: z.string(), status: z.string() });

/**
 * A video Pin's upload (developers.pinterest.com/docs/api-features/creating-boards-and-pins):
 * POST /v5/media registers the upload and answers an S3 form (upload_url and upload_parameters);
 * the file goes there as a multipart POST without Pinterest's token; GET /v5/media/{id} reports
 * registered, processing, succeeded or failed. Returns the media id for the Pin.
 */
export async function uploadPinVideo(
  pin: PinterestApi,
  accessToken: string,
  item: MediaItem,
): Promise<string> {
  const media = parseBody(
    pinterestName,
    "upload video",
    registered,
    await pin.http.json({
      operation: "upload video",
      url: pin.url("/media"),
      bearer: accessToken,
      json: { media_type: "video" },
    }),
  );
  await uploadAsForm({
    ...pinterestName,
    url: item.url,
    fetch: pin.config.fetch,
    timeoutMs: pin.config.timeoutMs,
    target: media.upload_url,
    fields: media.upload_parameters,
    file: {
      field: "file",
      filename: `video.${item.mimeType === "video/quicktime" ? "mov" : "mp4"}`,
      contentType: item.mimeType,
      sizeBytes: item.sizeBytes,
    },
    operation: "upload video",
  });
  const status = await waitForProcessing(
    pinterestName,
    async () => {
      const current = parseBody(
        pinterestName,
        "check video",
        details,
        await pin.http.json({
          operation: "check video",
          url: pin.url(`/media/${media.media_id}`),
          bearer: accessToken,
        }),
      );
      const done = current.status === "succeeded" || current.status === "failed";
      return { done, value: current.status, waitMs: 2000 };
    },
    { timeoutMs: 300_000 },
  );
  if (status === "failed") {
    throw new NetworkError({
      network: "pinterest",
      kind: "permanent",
      operation: "upload video",
      code: "media_failed",
      detail: `Pinterest failed to process media ${media.media_id}`,
      userMessage:
        "Pinterest could not process the video. Check it is an MP4, MOV or M4V of 4 seconds to 15 minutes, and try again.",
    });
  }
  return media.media_id;
}
