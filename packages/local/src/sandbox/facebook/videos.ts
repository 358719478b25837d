import type { Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import { graphError } from "../meta/graph.ts";
import type { SandboxState } from "../state.ts";
import type { PageOf } from "./posts.ts";

const chunkBytes = 4 * 1024 * 1024;

interface UploadSession {
  session: string;
  fileSize: number;
  received: number;
  postId?: string;
}

/**
 * The Page video resumable upload on graph-video.facebook.com (developers.facebook.com/docs/
 * video-api): POST /{page-id}/videos with upload_phase=start and file_size (1 KB at least)
 * answers video_id, upload_session_id and the first byte range (offsets as strings);
 * upload_phase=transfer sends `video_file_chunk` from start_offset (any other offset is error
 * 1363037) and answers the next range, start equal to end once every byte is in;
 * upload_phase=finish with a description publishes it. GET /{video-id}?fields=post_id then
 * names the Page post.
 */
export function facebookVideoRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  pageOf: PageOf,
): void {
  app.post("/graph/:version/:pageId/videos", async (c) => {
    const page = await pageOf(c, c.req.param("pageId"));
    if (page instanceof Response) return page;
    const body = await c.req.parseBody();
    const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    const phase = field("upload_phase");
    if (phase === "start") {
      const fileSize = Number(field("file_size"));
      if (!Number.isInteger(fileSize) || fileSize < 1024) {
        return graphError(c, 400, {
          message:
            "The video you tried to upload is too small. The minimum size for a video is 1 KB.",
          code: 6000,
          subcode: 1363022,
        });
      }
      const videoId = state.nextId();
      const upload: UploadSession = { session: state.nextId(), fileSize, received: 0 };
      state.media.set(videoId, {
        id: videoId,
        network: "facebook",
        account: page.id,
        mimeType: "video/mp4",
        bytes: new Uint8Array(0),
        totalBytes: fileSize,
        pendingPolls: 0,
        createdAt: state.now(),
        extra: { upload },
      });
      return c.json({
        video_id: videoId,
        upload_session_id: upload.session,
        start_offset: "0",
        end_offset: String(Math.min(chunkBytes, fileSize)),
      });
    }
    const found = [...state.media.values()].find(
      (media) =>
        media.network === "facebook" &&
        media.account === page.id &&
        (media.extra?.upload as UploadSession | undefined)?.session === field("upload_session_id"),
    );
    const upload = found?.extra?.upload as UploadSession | undefined;
    if (!found || !upload) {
      return graphError(c, 400, { message: "(#100) Invalid upload_session_id", code: 100 });
    }
    if (phase === "transfer") {
      const chunk = body.video_file_chunk;
      const start = Number(field("start_offset"));
      if (!(chunk instanceof File) || start !== upload.received) {
        return graphError(c, 400, {
          message: "There was a problem uploading your video. Please try uploading it again.",
          code: 6001,
          subcode: 1363037,
        });
      }
      upload.received = Math.min(upload.fileSize, upload.received + chunk.size);
      return c.json({
        start_offset: String(upload.received),
        end_offset: String(Math.min(upload.received + chunkBytes, upload.fileSize)),
      });
    }
    if (phase === "finish") {
      state.countReceived("facebook");
      if (upload.received !== upload.fileSize) {
        return graphError(c, 400, {
          message: "There was a problem uploading your video. Please try uploading it again.",
          code: 6001,
          subcode: 1363019,
        });
      }
      if (faults.take("facebook", page.id, c.req.path, ["reject"])) {
        return graphError(c, 400, {
          message: "The action attempted has been deemed abusive or is otherwise disallowed",
          code: 368,
          userMessage: "This video goes against our Community Standards.",
        });
      }
      const post = state.addPost({
        network: "facebook",
        id: `${page.id}_${state.nextId()}`,
        accountId: page.id,
        handle: page.handle,
        text: field("description"),
        media: [{ id: found.id, mimeType: "video/mp4" }],
        extra: { kind: "video", videoId: found.id, title: field("title") || undefined },
      });
      upload.postId = post.id;
      return c.json({ success: true });
    }
    return graphError(c, 400, { message: "(#100) Invalid upload_phase", code: 100 });
  });
}

/** GET /{video-id}: the video and, once published, its Page post. */
export function videoNode(state: SandboxState, id: string) {
  const media = state.media.get(id);
  const upload = media?.extra?.upload as UploadSession | undefined;
  if (media?.network !== "facebook" || !upload) return undefined;
  return { id, ...(upload.postId ? { post_id: upload.postId } : {}) };
}
