import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { uploadRanges } from "../kit/upload.ts";
import type { MediaItem } from "../types.ts";
import { type FacebookApi, facebookName } from "./api.ts";

const photo = z.object({ id: z.string(), post_id: z.string().optional() });
const offsets = z.object({ start_offset: z.coerce.number(), end_offset: z.coerce.number() });
const started = offsets.extend({ video_id: z.string(), upload_session_id: z.string() });
const videoNode = z.object({ post_id: z.string().optional() });

/**
 * POST /{page-id}/photos with the photo's URL (Facebook fetches it): published with the message
 * as a post of its own, or unpublished to be attached to a multi-photo post. Alt text goes in
 * `alt_text_custom`.
 */
export async function postPhoto(
  fb: FacebookApi,
  pageToken: string,
  pageId: string,
  item: MediaItem,
  publish: { message: string } | "unpublished",
): Promise<z.infer<typeof photo>> {
  const form: Record<string, string> = { url: item.url };
  if (publish === "unpublished") form.published = "false";
  else if (publish.message !== "") form.message = publish.message;
  if (item.altText) form.alt_text_custom = item.altText;
  return parseBody(
    facebookName,
    "upload media",
    photo,
    await fb.http.json({
      operation: publish === "unpublished" ? "upload media" : "publish",
      url: fb.graph(`/${pageId}/photos`),
      bearer: pageToken,
      form,
    }),
  );
}

/**
 * The Page video resumable upload on graph-video.facebook.com: `upload_phase=start` with the
 * file size answers a session and the first byte range; each `transfer` sends that range as
 * `video_file_chunk` and answers the next (start equal to end when all bytes are in); `finish`
 * publishes with the description. Returns the post's id when Facebook has one yet, else the
 * video's.
 */
export async function postVideo(
  fb: FacebookApi,
  pageToken: string,
  pageId: string,
  item: MediaItem,
  text: { description: string; title?: string },
): Promise<string> {
  const url = fb.video(`/${pageId}/videos`);
  const start = parseBody(
    facebookName,
    "upload media",
    started,
    await fb.http.json({
      operation: "upload media",
      url,
      bearer: pageToken,
      form: { upload_phase: "start", file_size: String(item.sizeBytes) },
    }),
  );
  const range = (answer: z.infer<typeof offsets>) =>
    answer.start_offset >= answer.end_offset
      ? undefined
      : { start: answer.start_offset, end: answer.end_offset };
  const first = range(start);
  if (first) {
    await uploadRanges({
      ...facebookName,
      url: item.url,
      fetch: fb.config.fetch,
      timeoutMs: fb.config.timeoutMs,
      first,
      uploadRange: async (chunk, sending) => {
        const form = new FormData();
        form.set("upload_phase", "transfer");
        form.set("upload_session_id", start.upload_session_id);
        form.set("start_offset", String(sending.start));
        form.set(
          "video_file_chunk",
          new Blob([chunk], { type: "application/octet-stream" }),
          "chunk",
        );
        const answer = await fb.http.json({
          operation: "upload media",
          url,
          bearer: pageToken,
          multipart: form,
          timeoutMs: 120_000,
        });
        return range(parseBody(facebookName, "upload media", offsets, answer));
      },
    });
  }
  await fb.http.send({
    operation: "publish",
    url,
    bearer: pageToken,
    form: {
      upload_phase: "finish",
      upload_session_id: start.upload_session_id,
      description: text.description,
      ...(text.title ? { title: text.title } : {}),
    },
  });
  const node = parseBody(
    facebookName,
    "publish",
    videoNode,
    await fb.http.json({
      operation: "publish",
      url: fb.graph(`/${start.video_id}`),
      query: { fields: "post_id" },
      bearer: pageToken,
    }),
  );
  return node.post_id ?? start.video_id;
}
