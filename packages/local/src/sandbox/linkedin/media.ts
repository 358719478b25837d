import { createHash } from "node:crypto";
import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import type { SandboxMedia, SandboxState, SandboxToken } from "../state.ts";
import type { LinkedInPeople } from "./people.ts";
import { invalidInput, problem } from "./problems.ts";

const partBytes = 4_194_304;

interface VideoUpload {
  kind: "video";
  owner: string;
  status: "WAITING_UPLOAD" | "PROCESSING" | "AVAILABLE" | "PROCESSING_FAILED";
  parts: { firstByte: number; lastByte: number; etag?: string }[];
}
interface ImageUpload {
  kind: "image";
  owner: string;
  status: "WAITING_UPLOAD" | "AVAILABLE";
}

/**
 * The Images and Videos APIs (learn.microsoft.com/linkedin/marketing/community-management/shares/
 * images-api, videos-api): POST /rest/images?action=initializeUpload answers an upload URL and
 * the image URN; the bytes go by PUT. POST /rest/videos?action=initializeUpload with the file
 * size (75 KB to 500 MB) answers 4 MB parts, each PUT to its own URL answering an ETag; POST
 * /rest/videos?action=finalizeUpload with the ETags in order; GET /rest/videos/{urn} says
 * PROCESSING, then AVAILABLE.
 */
export function linkedInMediaRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  people: LinkedInPeople,
  tokenOf: (c: Context) => SandboxToken,
): void {
  const origin = (c: Context) => `${new URL(c.req.url).origin}/linkedin`;
  const owned = (c: Context, owner: string) => people.actAs(c, tokenOf(c), owner, "write");

  app.post("/rest/images", async (c) => {
    if (c.req.query("action") !== "initializeUpload")
      return problem(c, 400, "ILLEGAL_ARGUMENT", "Unknown action");
    const body = (await c.req.json().catch(() => ({}))) as {
      initializeUploadRequest?: { owner?: string };
    };
    const owner = body.initializeUploadRequest?.owner ?? "";
    const account = owned(c, owner);
    if (account instanceof Response) return account;
    const id = `D4E10AQ${state.nextId()}`;
    store(state, id, account.id, { kind: "image", owner, status: "WAITING_UPLOAD" });
    return c.json({
      value: {
        uploadUrlExpiresAt: state.now() + 24 * 3600_000,
        uploadUrl: `${origin(c)}/dms-uploads/image/${id}`,
        image: `urn:li:image:${id}`,
      },
    });
  });

  app.put("/dms-uploads/image/:id", async (c) => {
    const media = state.media.get(c.req.param("id"));
    const upload = media?.extra?.upload as ImageUpload | undefined;
    if (!media || !upload) return c.body(null, 404);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const type = c.req.header("content-type") ?? "";
    if (!["image/jpeg", "image/png", "image/gif"].includes(type) || bytes.byteLength === 0) {
      return problem(c, 400, "ILLEGAL_ARGUMENT", "Only JPG, PNG and GIF images can be uploaded");
    }
    media.bytes = bytes;
    media.mimeType = type;
    upload.status = "AVAILABLE";
    return c.body(null, 201);
  });

  app.post("/rest/videos", async (c) => {
    const action = c.req.query("action");
    const body = (await c.req.json().catch(() => ({}))) as {
      initializeUploadRequest?: { owner?: string; fileSizeBytes?: number };
      finalizeUploadRequest?: { video?: string; uploadedPartIds?: string[] };
    };
    if (action === "initializeUpload") {
      const owner = body.initializeUploadRequest?.owner ?? "";
      const size = Number(body.initializeUploadRequest?.fileSizeBytes);
      const account = owned(c, owner);
      if (account instanceof Response) return account;
      if (!Number.isInteger(size) || size < 75_000 || size > 500_000_000) {
        return invalidInput(
          c,
          "INVALID_VALUE",
          "fileSizeBytes must be between 75 KB and 500 MB",
          "Invalid file size",
          "/initializeUploadRequest/fileSizeBytes",
        );
      }
      const id = `D5610AQ${state.nextId()}`;
      const parts = [];
      for (let first = 0; first < size; first += partBytes) {
        parts.push({ firstByte: first, lastByte: Math.min(first + partBytes, size) - 1 });
      }
      store(state, id, account.id, { kind: "video", owner, status: "WAITING_UPLOAD", parts }, size);
      return c.json({
        value: {
          uploadUrlsExpireAt: state.now() + 24 * 3600_000,
          video: `urn:li:video:${id}`,
          uploadInstructions: parts.map((part, n) => ({
            uploadUrl: `${origin(c)}/dms-uploads/video/${id}/part/${n}`,
            lastByte: part.lastByte,
            firstByte: part.firstByte,
          })),
          uploadToken: "",
        },
      });
    }
    if (action === "finalizeUpload") {
      const found = video(state, body.finalizeUploadRequest?.video ?? "");
      if (!found) return problem(c, 404, "NOT_FOUND", "Video not found");
      const account = owned(c, found.upload.owner);
      if (account instanceof Response) return account;
      const ids = body.finalizeUploadRequest?.uploadedPartIds ?? [];
      const complete = found.upload.parts.every((part, n) => part.etag && ids[n] === part.etag);
      if (!complete || ids.length !== found.upload.parts.length) {
        return problem(
          c,
          400,
          "ILLEGAL_ARGUMENT",
          "uploadedPartIds do not match the uploaded parts",
        );
      }
      const slow = faults.take("linkedin", account.id, c.req.path, ["slow_media"]);
      found.upload.status = "PROCESSING";
      found.media.pendingPolls = 1 + (slow ? (slow.count ?? 3) : 0);
      return c.body(null, 200);
    }
    return problem(c, 400, "ILLEGAL_ARGUMENT", "Unknown action");
  });

  app.put("/dms-uploads/video/:id/part/:n", async (c) => {
    const found = video(state, `urn:li:video:${c.req.param("id")}`);
    const part = found?.upload.parts[Number(c.req.param("n"))];
    if (!found || !part) return c.body(null, 404);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength !== part.lastByte - part.firstByte + 1) {
      return problem(
        c,
        400,
        "ILLEGAL_ARGUMENT",
        "The part does not match the byte range it was issued for",
      );
    }
    part.etag = `/ambry-video/signedId/${createHash("sha1").update(bytes).digest("base64url")}`;
    c.header("etag", part.etag);
    return c.body(null, 200);
  });

  app.get("/rest/videos/:urn", (c) => {
    const found = video(state, decodeURIComponent(c.req.param("urn")));
    if (!found) return problem(c, 404, "NOT_FOUND", "Video not found");
    const account = people.actAs(c, tokenOf(c), found.upload.owner, "write");
    if (account instanceof Response) return account;
    if (found.upload.status === "PROCESSING") {
      if (found.media.pendingPolls > 0) found.media.pendingPolls -= 1;
      else found.upload.status = "AVAILABLE";
    }
    return c.json({
      id: `urn:li:video:${found.media.id}`,
      owner: found.upload.owner,
      status: found.upload.status,
    });
  });
}

/** An uploaded image or video a post may use, with its kind and state. */
export function linkedInAsset(state: SandboxState, urn: string) {
  const id = urn.split(":").pop() ?? "";
  const media = state.media.get(id);
  const upload = media?.extra?.upload as ImageUpload | VideoUpload | undefined;
  return media?.network === "linkedin" && upload ? { media, upload } : undefined;
}

function video(state: SandboxState, urn: string) {
  const found = linkedInAsset(state, urn);
  return found?.upload.kind === "video" ? { media: found.media, upload: found.upload } : undefined;
}

function store(
  state: SandboxState,
  id: string,
  account: string,
  upload: ImageUpload | VideoUpload,
  totalBytes?: number,
): SandboxMedia {
  const media: SandboxMedia = {
    id,
    network: "linkedin",
    account,
    mimeType: upload.kind === "video" ? "video/mp4" : "",
    bytes: new Uint8Array(0),
    totalBytes,
    pendingPolls: 0,
    createdAt: state.now(),
    extra: { upload },
  };
  state.media.set(id, media);
  return media;
}
