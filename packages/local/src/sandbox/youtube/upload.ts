import { randomBytes } from "node:crypto";
import type { Context, Env, Hono } from "hono";
import { type Faults, holdUntilGone } from "../faults.ts";
import { googleError } from "../google/oauth.ts";
import type { SandboxMedia, SandboxState } from "../state.ts";
import { channelOf, type VideoExtra, videoResource } from "./resources.ts";

const quantum = 256 * 1024;

/** What a session remembers: the metadata posted at its start. */
interface Session {
  snippet: { title?: string; description?: string; tags?: string[]; categoryId?: string };
  status: { privacyStatus?: string; publishAt?: string; selfDeclaredMadeForKids?: boolean };
  parts: string[];
  videoId?: string;
}

/**
 * The resumable upload (developers.google.com/youtube/v3/guides/using_resumable_upload_protocol):
 * POST /upload/youtube/v3/videos?uploadType=resumable with the metadata → 200 and a session URI
 * in Location; PUTs of chunks (multiples of 256 KiB but the last) with Content-Range, answered
 * 308 with the Range held; `Content-Range: bytes *\/total` asks how much is held; the last chunk
 * gets the video resource. A 5xx fault on a chunk keeps part of it first, as a dropped
 * connection does, so the client must ask before resuming. Also thumbnails.set.
 */
export function youtubeUploadRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  accountOf: (c: Context<E>) => string | undefined,
): void {
  app.post("/upload/youtube/v3/videos", async (c) => {
    const accountId = accountOf(c) ?? "";
    const account = state.accountById("youtube", accountId);
    if (c.req.query("uploadType") !== "resumable") {
      return badRequest(c, "uploadType must be resumable for this sandbox", "invalidParameter");
    }
    const total = Number(c.req.header("x-upload-content-length"));
    const body = (await c.req.json().catch(() => ({}))) as Partial<Session>;
    const snippet = body.snippet ?? {};
    const status = body.status ?? {};
    const problem = checkMetadata(snippet, status);
    if (problem) return badRequest(c, problem[1], problem[0]);
    if (!account || !channelOf(account)) {
      return googleError(c, {
        code: 401,
        status: "UNAUTHENTICATED",
        message: "Unauthorized",
        reason: "youtubeSignupRequired",
      });
    }
    const id = randomBytes(18).toString("base64url");
    const session: SandboxMedia = {
      id,
      network: "youtube",
      account: accountId,
      mimeType: c.req.header("x-upload-content-type") ?? "video/*",
      bytes: new Uint8Array(0),
      totalBytes: Number.isFinite(total) && total > 0 ? total : undefined,
      pendingPolls: 0,
      createdAt: state.now(),
      extra: {
        snippet,
        status,
        parts: (c.req.query("part") ?? "snippet,status").split(","),
      } satisfies Session,
    };
    state.media.set(id, session);
    const location = new URL(c.req.url);
    location.searchParams.set("upload_id", id);
    c.header("location", location.href);
    c.header("x-guploader-uploadid", id);
    return c.body(null, 200);
  });

  app.put("/upload/youtube/v3/videos", async (c) => {
    const session = state.media.get(c.req.query("upload_id") ?? "");
    if (session?.network !== "youtube") {
      return googleError(c, {
        code: 404,
        status: "NOT_FOUND",
        message: "Not Found",
        reason: "notFound",
      });
    }
    const fault = faults.take("youtube", session.account, c.req.path, ["5xx", "timeout"]);
    const range = c.req.header("content-range") ?? "";
    const query = /^bytes \*\/(\d+)$/.exec(range);
    const chunk = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    if (query) {
      session.totalBytes ??= Number(query[1]);
      return answer(c, state, session);
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const [first, last, total] = (chunk?.slice(1) ?? []).map(Number);
    session.totalBytes ??= total;
    const held = session.bytes.byteLength;
    const completes = held + bytes.byteLength === session.totalBytes;
    if (
      first !== held ||
      total !== session.totalBytes ||
      last === undefined ||
      last - first + 1 !== bytes.byteLength ||
      (!completes && bytes.byteLength % quantum !== 0)
    ) {
      return badRequest(
        c,
        `Content-Range must continue at byte ${held} of ${session.totalBytes} in multiples of 256 KiB.`,
        "badContent",
      );
    }
    if (fault) {
      // The connection broke part way: YouTube keeps what arrived, in whole 256 KiB units.
      keep(session, bytes.subarray(0, Math.floor(bytes.byteLength / 2 / quantum) * quantum));
      if (fault.kind === "timeout") await holdUntilGone(c.req.raw.signal, fault.delayMs ?? 30_000);
      return googleError(c, {
        code: 503,
        status: "UNAVAILABLE",
        message: "Backend Error",
        reason: "backendError",
      });
    }
    keep(session, bytes);
    if (completes) finish(state, faults, c.req.path, session);
    return answer(c, state, session);
  });

  app.post("/upload/youtube/v3/thumbnails/set", async (c) => {
    const post = state.posts.find(
      (p) => p.network === "youtube" && p.id === c.req.query("videoId"),
    );
    if (!post || post.accountId !== accountOf(c)) {
      return googleError(c, {
        code: 404,
        status: "NOT_FOUND",
        message: "The video that you are trying to update cannot be found.",
        reason: "videoNotFound",
      });
    }
    const type = c.req.header("content-type") ?? "";
    const image = new Uint8Array(await c.req.arrayBuffer());
    if (!["image/jpeg", "image/png"].includes(type) || image.byteLength > 2 * 1024 * 1024) {
      return badRequest(c, "The thumbnail must be a JPEG or PNG of at most 2 MB.", "invalidImage");
    }
    const url = `${new URL(c.req.url).origin}/_sandbox/media/sample.jpg?width=120&height=90`;
    (post.extra as VideoExtra).thumbnail = url;
    return c.json({
      kind: "youtube#thumbnailSetResponse",
      items: [{ default: { url, width: 120, height: 90 } }],
    });
  });
}

function keep(session: SandboxMedia, bytes: Uint8Array): void {
  const joined = new Uint8Array(session.bytes.byteLength + bytes.byteLength);
  joined.set(session.bytes);
  joined.set(bytes, session.bytes.byteLength);
  session.bytes = joined;
}

/** 308 with the Range held (none when nothing is), or the video once complete. */
function answer(c: Context, state: SandboxState, session: SandboxMedia): Response {
  const videoId = (session.extra as unknown as Session).videoId;
  const post = videoId ? state.posts.find((p) => p.id === videoId) : undefined;
  if (post) return c.json(videoResource(state, post, (session.extra as unknown as Session).parts));
  const held = session.bytes.byteLength;
  if (held > 0) c.header("range", `bytes=0-${held - 1}`);
  return c.body(null, 308);
}

/** The last byte arrived: the video exists, uploaded and processing. */
function finish(state: SandboxState, faults: Faults, path: string, session: SandboxMedia): void {
  const info = session.extra as unknown as Session;
  const account = state.accountById("youtube", session.account);
  const channel = account ? channelOf(account) : undefined;
  const slow = faults.take("youtube", session.account, path, ["slow_media"]);
  const reject = faults.take("youtube", session.account, path, ["reject"]);
  state.countReceived("youtube");
  const extra: VideoExtra = {
    title: info.snippet.title ?? "",
    tags: info.snippet.tags,
    categoryId: info.snippet.categoryId ?? "22",
    privacyStatus: info.status.privacyStatus ?? "public",
    publishAt: info.status.publishAt,
    madeForKids: info.status.selfDeclaredMadeForKids === true,
    uploadStatus: "uploaded",
    rejectionReason: reject ? "duplicate" : undefined,
    processingPolls: 1 + (slow ? (slow.count ?? 3) : 0),
    channelId: channel?.id ?? "",
  };
  const post = state.addPost({
    network: "youtube",
    id: randomBytes(8).toString("base64url").slice(0, 11),
    accountId: session.account,
    handle: account?.handle ?? session.account,
    text: info.snippet.description ?? "",
    media: [{ id: session.id, mimeType: session.mimeType }],
    extra,
  });
  info.videoId = post.id;
}

/** The snippet and status checks videos.insert makes (YouTube's documented 400 reasons). */
function checkMetadata(
  snippet: Session["snippet"],
  status: Session["status"],
): [reason: string, message: string] | undefined {
  const title = snippet.title ?? "";
  if (title.trim() === "" || [...title].length > 100 || /[<>]/.test(title)) {
    return ["invalidTitle", "The request metadata specifies an invalid or empty video title."];
  }
  const description = snippet.description ?? "";
  if (Buffer.byteLength(description) > 5000 || /[<>]/.test(description)) {
    return ["invalidDescription", "The request metadata specifies an invalid video description."];
  }
  const tags = snippet.tags ?? [];
  const tagLength =
    tags.reduce((sum, tag) => sum + tag.length + (tag.includes(" ") ? 2 : 0), 0) +
    Math.max(0, tags.length - 1);
  if (tagLength > 500)
    return ["invalidTags", "The request metadata specifies invalid video keywords."];
  if (!["public", "unlisted", "private"].includes(status.privacyStatus ?? "public")) {
    return ["invalidVideoMetadata", "The request metadata is invalid."];
  }
  if (status.publishAt && status.privacyStatus !== "private") {
    return [
      "invalidPublishAt",
      "The request metadata specifies an invalid scheduled publishing time.",
    ];
  }
  return undefined;
}

function badRequest(c: Context, message: string, reason: string): Response {
  return googleError(c, { code: 400, status: "INVALID_ARGUMENT", message, reason });
}
