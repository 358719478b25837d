import { randomBytes } from "node:crypto";
import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import type { SandboxMedia, SandboxState } from "../state.ts";
import { apiError, ok } from "./answers.ts";

const MB = 1024 * 1024;

/** What a publish job remembers beside its bytes (SandboxMedia.extra). */
interface Job {
  kind: "video" | "photo";
  title: string;
  description: string;
  privacy: string;
  photoUrls: string[];
  chunkSize: number;
  chunkCount: number;
  uploadToken: string;
  /** Set by the reject fault at init: the post fails once processed. */
  failReason?: string;
  /** PULL_FROM_URL: the photos were fetched (once, at the first status poll). */
  downloaded?: boolean;
  postId?: string;
}

export const privacyOptions = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
];

/** A private TikTok account (the sandbox: handles starting "private") cannot post publicly. */
export function privacyOptionsOf(handle: string): string[] {
  return handle.startsWith("private") ? privacyOptions.slice(1) : privacyOptions;
}

/**
 * The Content Posting API's Direct Post (developers.tiktok.com/doc/content-posting-api-reference-
 * direct-post, -photo-post, -get-video-status): creator_info, video init with FILE_UPLOAD (the
 * chunk rules checked) and its upload URL taking Content-Range PUTs, photo init by
 * PULL_FROM_URL, and status/fetch moving through PROCESSING_UPLOAD or PROCESSING_DOWNLOAD to
 * PUBLISH_COMPLETE, or FAILED when the reject fault was set.
 */
export function tiktokPublishRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  accountOf: (c: Context<E>) => string,
): void {
  app.post("/v2/post/publish/creator_info/query/", (c) => {
    const account = state.accountById("tiktok", accountOf(c));
    const handle = account?.handle ?? "";
    return ok(c, {
      creator_avatar_url: `${new URL(c.req.url).origin}/_sandbox/media/sample.png?width=100&height=100`,
      creator_username: handle,
      creator_nickname: account?.displayName ?? handle,
      privacy_level_options: privacyOptionsOf(handle),
      comment_disabled: false,
      duet_disabled: false,
      stitch_disabled: true,
      max_video_post_duration_sec: 600,
    });
  });

  app.post("/v2/post/publish/video/init/", async (c) => {
    const accountId = accountOf(c);
    const body = (await c.req.json().catch(() => ({}))) as {
      post_info?: { title?: string; privacy_level?: string };
      source_info?: {
        source?: string;
        video_size?: number;
        chunk_size?: number;
        total_chunk_count?: number;
      };
    };
    const post = body.post_info ?? {};
    const source = body.source_info ?? {};
    const refusal = checkPostInfo(state, accountId, post.title ?? "", 2200, post.privacy_level);
    if (refusal) return apiError(c, 400, refusal[0], refusal[1]);
    if (source.source !== "FILE_UPLOAD") {
      // PULL_FROM_URL needs a verified URL prefix; the sandbox has no verified domains.
      return apiError(c, 403, "url_ownership_unverified", "Please verify the URL ownership.");
    }
    const chunkError = checkChunks(source);
    if (chunkError) return apiError(c, 400, "invalid_params", chunkError);
    const job = newJob(state, faults, c, accountId, {
      kind: "video",
      title: post.title ?? "",
      description: "",
      privacy: post.privacy_level ?? "",
      photoUrls: [],
      chunkSize: source.chunk_size ?? 0,
      chunkCount: source.total_chunk_count ?? 0,
    });
    job.totalBytes = source.video_size;
    const origin = new URL(c.req.url).origin;
    const token = (job.extra as unknown as Job).uploadToken;
    return ok(c, {
      publish_id: job.id,
      upload_url: `${origin}/tiktok/upload/video/?upload_id=${job.id}&upload_token=${token}`,
    });
  });

  app.put("/upload/video/", async (c) => {
    const job = state.media.get(c.req.query("upload_id") ?? "");
    const info = job?.extra as Job | undefined;
    if (!job || !info || c.req.query("upload_token") !== info.uploadToken) {
      return apiError(c, 404, "invalid_params", "The upload URL is invalid or expired.");
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(c.req.header("content-range") ?? "");
    const chunk = new Uint8Array(await c.req.arrayBuffer());
    const [first, last, total] = (range?.slice(1) ?? []).map(Number);
    const index = Math.floor(job.bytes.byteLength / info.chunkSize);
    const expected =
      index === info.chunkCount - 1
        ? (job.totalBytes ?? 0) - index * info.chunkSize
        : info.chunkSize;
    if (
      first !== job.bytes.byteLength ||
      total !== job.totalBytes ||
      last === undefined ||
      last - first + 1 !== chunk.byteLength ||
      chunk.byteLength !== expected
    ) {
      return apiError(
        c,
        400,
        "invalid_file_upload",
        `Chunk ${index + 1} must be bytes ${job.bytes.byteLength}-${job.bytes.byteLength + expected - 1}/${job.totalBytes}.`,
      );
    }
    const joined = new Uint8Array(job.bytes.byteLength + chunk.byteLength);
    joined.set(job.bytes);
    joined.set(chunk, job.bytes.byteLength);
    job.bytes = joined;
    return c.body(null, joined.byteLength === job.totalBytes ? 201 : 206);
  });

  app.post("/v2/post/publish/content/init/", async (c) => {
    const accountId = accountOf(c);
    const body = (await c.req.json().catch(() => ({}))) as {
      media_type?: string;
      post_mode?: string;
      post_info?: { title?: string; description?: string; privacy_level?: string };
      source_info?: { source?: string; photo_images?: string[]; photo_cover_index?: number };
    };
    const post = body.post_info ?? {};
    const images = body.source_info?.photo_images ?? [];
    if (body.media_type !== "PHOTO" || body.source_info?.source !== "PULL_FROM_URL") {
      return apiError(c, 400, "invalid_params", "media_type must be PHOTO with PULL_FROM_URL.");
    }
    if ((post.title ?? "").length > 90) {
      return apiError(c, 400, "invalid_params", "The title must be at most 90 characters.");
    }
    const refusal = checkPostInfo(
      state,
      accountId,
      post.description ?? "",
      4000,
      post.privacy_level,
    );
    if (refusal) return apiError(c, 400, refusal[0], refusal[1]);
    if (images.length < 1 || images.length > 35) {
      return apiError(c, 400, "invalid_params", "photo_images must hold 1 to 35 URLs.");
    }
    const job = newJob(state, faults, c, accountId, {
      kind: "photo",
      title: post.title ?? "",
      description: post.description ?? "",
      privacy: post.privacy_level ?? "",
      photoUrls: images,
      chunkSize: 0,
      chunkCount: 0,
    });
    return ok(c, { publish_id: job.id });
  });

  app.post("/v2/post/publish/status/fetch/", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { publish_id?: string };
    const job = state.media.get(body.publish_id ?? "");
    const info = job?.extra as Job | undefined;
    if (!job || !info || job.account !== accountOf(c)) {
      return apiError(c, 400, "invalid_params", "publish_id is invalid.");
    }
    return ok(c, await advance(state, job, info));
  });
}

/** One status poll: the job moves one step; the post appears on the timeline when complete. */
async function advance(state: SandboxState, job: SandboxMedia, info: Job) {
  const processing = info.kind === "video" ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD";
  if (info.kind === "video" && job.bytes.byteLength < (job.totalBytes ?? 0)) {
    return { status: processing, uploaded_bytes: job.bytes.byteLength };
  }
  if (info.kind === "photo" && !info.downloaded) {
    info.downloaded = true;
    for (const url of info.photoUrls) {
      const answer = await fetch(url).catch(() => undefined);
      const type = answer?.headers.get("content-type") ?? "";
      await answer?.body?.cancel();
      if (!answer?.ok) info.failReason ??= "photo_pull_failed";
      else if (!["image/jpeg", "image/webp"].includes(type))
        info.failReason ??= "file_format_check_failed";
    }
  }
  if (job.pendingPolls > 0) {
    job.pendingPolls -= 1;
    return { status: processing, uploaded_bytes: job.bytes.byteLength };
  }
  if (info.failReason) {
    return { status: "FAILED", fail_reason: info.failReason, publicaly_available_post_id: [] };
  }
  if (info.postId === undefined) {
    const account = state.accountById("tiktok", job.account);
    const post = state.addPost({
      network: "tiktok",
      id: state.nextId(),
      accountId: job.account,
      handle: account?.handle ?? job.account,
      text: info.kind === "video" ? info.title : info.description,
      media:
        info.kind === "video"
          ? [{ id: job.id, mimeType: "video/mp4" }]
          : info.photoUrls.map((_, i) => ({ id: `${job.id}-${i}`, mimeType: "image/jpeg" })),
      extra: { kind: info.kind, title: info.title, privacy: info.privacy, publishId: job.id },
    });
    info.postId = post.id;
  }
  // Private posts never get a public id; public ones get it once moderation is done.
  return {
    status: "PUBLISH_COMPLETE",
    publicaly_available_post_id: info.privacy === "SELF_ONLY" ? [] : [BigInt(info.postId)],
    uploaded_bytes: job.bytes.byteLength,
  };
}

function newJob<E extends Env>(
  state: SandboxState,
  faults: Faults,
  c: Context<E>,
  accountId: string,
  job: Omit<Job, "uploadToken">,
): SandboxMedia {
  const id = `v_pub_${job.kind === "video" ? "file" : "url"}~v2-1.${state.nextId()}`;
  const slow = faults.take("tiktok", accountId, c.req.path, ["slow_media"]);
  const reject = faults.take("tiktok", accountId, c.req.path, ["reject"]);
  const media: SandboxMedia = {
    id,
    network: "tiktok",
    account: accountId,
    mimeType: job.kind === "video" ? "video/mp4" : "image/jpeg",
    bytes: new Uint8Array(0),
    pendingPolls: 1 + (slow ? (slow.count ?? 3) : 0),
    createdAt: state.now(),
    extra: {
      ...job,
      uploadToken: randomBytes(12).toString("base64url"),
      ...(reject ? { failReason: "spam_risk_text" } : {}),
    },
  };
  state.countReceived("tiktok");
  state.media.set(id, media);
  return media;
}

function checkPostInfo(
  state: SandboxState,
  accountId: string,
  text: string,
  limit: number,
  privacy: string | undefined,
): [string, string] | undefined {
  if (text.length > limit)
    return ["invalid_params", `The text must be at most ${limit} characters.`];
  const handle = state.accountById("tiktok", accountId)?.handle ?? "";
  if (!privacy || !privacyOptionsOf(handle).includes(privacy)) {
    return [
      "privacy_level_option_mismatch",
      "The privacy level is not one of the creator's privacy_level_options.",
    ];
  }
  return undefined;
}

/** The media transfer guide's chunk rules. */
function checkChunks(source: {
  video_size?: number;
  chunk_size?: number;
  total_chunk_count?: number;
}): string | undefined {
  const size = source.video_size ?? 0;
  const chunk = source.chunk_size ?? 0;
  const count = source.total_chunk_count ?? 0;
  if (size <= 0 || chunk <= 0) return "video_size and chunk_size must be positive.";
  if (size > 4 * 1024 * MB) return "The video is larger than 4 GB.";
  if (size < 5 * MB && chunk !== size) return "Videos under 5 MB must be uploaded whole.";
  if (size >= 5 * MB && (chunk < 5 * MB || chunk > 64 * MB) && chunk !== size) {
    return "chunk_size must be between 5 MB and 64 MB.";
  }
  if (chunk === size && size > 64 * MB) return "Videos over 64 MB must be uploaded in chunks.";
  if (count !== Math.floor(size / chunk) || count < 1 || count > 1000) {
    return "total_chunk_count must be video_size / chunk_size rounded down (1 to 1000).";
  }
  if (size - (count - 1) * chunk > 128 * MB) return "The final chunk may be at most 128 MB.";
  return undefined;
}
