import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { type Actor, withActor } from "@cadence/core/actor";
import { Billing } from "@cadence/core/billing";
import { Media } from "@cadence/core/media";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, call, type Person, signUp, team } from "../support/api.ts";
import { finished, type JobBody, jobsWorker } from "../support/jobs.ts";

// The same sharp and ffmpeg the media module runs, resolved from packages/core.
const fromCore = createRequire(new URL("../../packages/core/package.json", import.meta.url));
const ffmpeg = (fromCore("@ffmpeg-installer/ffmpeg") as { path: string }).path;
interface SharpImage {
  jpeg(): SharpImage;
  png(): SharpImage;
  keepExif(): SharpImage;
  withMetadata(options: { orientation: number }): SharpImage;
  toBuffer(): Promise<Buffer>;
  metadata(): Promise<{ format?: string; width?: number; height?: number }>;
}
const sharp = fromCore("sharp") as (
  input?:
    | Buffer
    | {
        create: {
          width: number;
          height: number;
          channels: 3 | 4;
          background: string | { r: number; g: number; b: number; alpha: number };
        };
      },
) => SharpImage;

type MediaInfo = {
  id: string;
  name: string;
  kind: "image" | "video";
  state: string;
  mimeType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  altText: string;
  tags: string[];
  probe: Record<string, unknown>;
  url: string | null;
  thumbnailUrl: string | null;
  version: number;
};
type Started = {
  media: MediaInfo;
  upload: { method: "POST"; url: string; fields: Record<string, string>; maxBytes: number };
};

const bucket = () => JSON.parse(process.env.SST_RESOURCE_Media ?? "{}").name as string;
const s3 = () => new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === "true" });

async function objectExists(key: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** Sends the file the way a browser form does: the signed fields, then the file last. */
async function postToStorage(started: Started, bytes: Buffer, type = started.media.mimeType) {
  const form = new FormData();
  for (const [name, value] of Object.entries(started.upload.fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), started.media.name);
  return fetch(started.upload.url, { method: "POST", body: form });
}

const base = (workspaceId: string) => `/workspaces/${workspaceId}/media`;

/** Starts, sends and completes one upload; returns the completion's answer. */
async function upload(
  person: Person,
  workspaceId: string,
  file: { name: string; type: string; bytes: Buffer },
) {
  const started = await call<Started>("POST", `${base(workspaceId)}/uploads`, {
    token: person.accessToken,
    body: { fileName: file.name, contentType: file.type, sizeBytes: file.bytes.length },
  });
  expect(started.status, started.text).toBe(201);
  const sent = await postToStorage(started.body, file.bytes);
  expect(sent.status, await sent.text()).toBeLessThan(300);
  const completed = await call<MediaInfo>(
    "POST",
    `${base(workspaceId)}/${started.body.media.id}/complete`,
    { token: person.accessToken },
  );
  if (completed.status !== 202) return { started: started.body, completed };
  // A video is probed by a job: the ready item is the finished job's result.
  const job = await finished(completed as unknown as ApiResponse<JobBody>, person.accessToken);
  expect(job.state, JSON.stringify(job.error)).toBe("succeeded");
  const media = (job.result as { media: MediaInfo }).media;
  return { started: started.body, completed: { ...completed, body: media }, job };
}

function isWebp(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).toString() === "RIFF" && bytes.subarray(8, 12).toString() === "WEBP";
}

const tinyPng = () =>
  sharp({ create: { width: 64, height: 48, channels: 4, background: "#3366cc80" } })
    .png()
    .toBuffer();

let videos: string;
let worker: ReturnType<typeof jobsWorker>;
beforeAll(() => {
  worker = jobsWorker();
  videos = mkdtempSync(join(tmpdir(), "cadence-media-test-"));
  const source = [
    ...["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"],
    ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2"],
  ];
  const quiet = ["-hide_banner", "-loglevel", "error", "-y"];
  execFileSync(ffmpeg, [
    ...quiet,
    ...source,
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", join(videos, "clip.mp4")],
  ]);
  execFileSync(ffmpeg, [
    ...quiet,
    ...source,
    ...["-c:v", "libvpx-vp9", "-b:v", "300k", "-deadline", "realtime", "-cpu-used", "8"],
    ...["-c:a", "libopus", join(videos, "clip.webm")],
  ]);
});
afterAll(async () => {
  rmSync(videos, { recursive: true, force: true });
  await worker.stop();
});

describe("uploading media", () => {
  it("an image goes from a browser POST to the library, probed, upright and with a WebP thumbnail", async () => {
    const { workspaceId, editor, viewer } = await team("media-image");
    // 640×480 pixels, stored sideways: EXIF orientation 6 shows it as 480×640.
    const photo = await sharp({
      create: { width: 640, height: 480, channels: 3, background: "#cc3333" },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();

    const { started, completed } = await upload(editor, workspaceId, {
      name: "Beach Sunset.jpg",
      type: "image/jpeg",
      bytes: photo,
    });
    expect(started.media.state).toBe("uploading");
    expect(started.upload.fields.key).toBe(
      `uploads/${workspaceId}/${started.media.id}/Beach-Sunset.jpg`,
    );
    expect(completed.status, completed.text).toBe(200);
    expect(completed.body).toMatchObject({
      id: started.media.id,
      name: "Beach Sunset.jpg",
      kind: "image",
      state: "ready",
      mimeType: "image/jpeg",
      sizeBytes: photo.length,
      width: 480,
      height: 640,
      probe: { format: "jpeg", frames: 1, hasAlpha: false, orientation: 6 },
    });

    // The file moved out of uploads/ (which expires) into media/.
    expect(await objectExists(started.upload.fields.key!)).toBe(false);
    expect(new URL(completed.body.url!).pathname).toContain(
      `/media/${workspaceId}/${started.media.id}/Beach-Sunset.jpg`,
    );

    const library = await call<{ items: MediaInfo[] }>("GET", base(workspaceId), {
      token: viewer.accessToken,
    });
    expect(library.status).toBe(200);
    expect(library.body.items.map((m) => m.id)).toEqual([started.media.id]);
    const listed = library.body.items[0]!;

    const original = await fetch(listed.url!);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await original.arrayBuffer()).equals(photo)).toBe(true);

    const thumbnail = await fetch(listed.thumbnailUrl!);
    expect(thumbnail.status).toBe(200);
    const thumbnailBytes = Buffer.from(await thumbnail.arrayBuffer());
    expect(isWebp(thumbnailBytes)).toBe(true);
    expect(await sharp(thumbnailBytes).metadata()).toMatchObject({
      format: "webp",
      width: 300,
      height: 400,
    });

    const activity = await call<{ items: { action: string; subjectId: string }[] }>(
      "GET",
      `/workspaces/${workspaceId}/activity?subjectId=${started.media.id}`,
      { token: viewer.accessToken },
    );
    expect(activity.body.items.map((a) => a.action)).toEqual(["media.uploaded"]);
  });

  it("a PNG named .jpg is kept as the PNG its bytes say it is", async () => {
    const owner = await signUp("media-png");
    const { completed } = await upload(owner, owner.workspaceId, {
      name: "logo.jpg",
      type: "image/jpeg",
      bytes: await tinyPng(),
    });
    expect(completed.status, completed.text).toBe(200);
    expect(completed.body).toMatchObject({
      mimeType: "image/png",
      width: 64,
      height: 48,
      probe: { format: "png", hasAlpha: true },
    });
    const original = await fetch(completed.body.url!);
    expect(original.headers.get("content-type")).toBe("image/png");
  });

  it("completing twice returns the same ready item", async () => {
    const owner = await signUp("media-twice");
    const { started, completed } = await upload(owner, owner.workspaceId, {
      name: "once.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const again = await call<MediaInfo>(
      "POST",
      `${base(owner.workspaceId)}/${started.media.id}/complete`,
      { token: owner.accessToken },
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: completed.body.id, version: completed.body.version });
  });

  it.each([
    ["clip.mp4", "video/mp4", { videoCodec: "h264", audioCodec: "aac", format: "mp4" }],
    ["clip.webm", "video/webm", { videoCodec: "vp9", audioCodec: "opus", format: "webm" }],
  ])(
    "a video (%s) is probed for container, codecs, size and duration",
    async (file, type, probe) => {
      const owner = await signUp("media-video");
      const bytes = readFileSync(join(videos, file));
      const { completed, job } = await upload(owner, owner.workspaceId, {
        name: file,
        type,
        bytes,
      });
      // Videos are processed off the request: 202 with a job, whose result is the item.
      expect(completed.status, completed.text).toBe(202);
      expect(job?.kind).toBe("media_process");
      expect(completed.body).toMatchObject({
        kind: "video",
        state: "ready",
        mimeType: type,
        sizeBytes: bytes.length,
        width: 320,
        height: 240,
        probe: { ...probe, frameRate: 25, rotation: 0 },
      });
      expect(completed.body.durationSeconds).toBeGreaterThan(1.9);
      expect(completed.body.durationSeconds).toBeLessThan(2.2);
      expect(completed.body.probe.bitRate).toBeGreaterThan(0);

      const thumbnail = Buffer.from(
        await (await fetch(completed.body.thumbnailUrl!)).arrayBuffer(),
      );
      expect(isWebp(thumbnail)).toBe(true);
      expect(await sharp(thumbnail).metadata()).toMatchObject({ width: 320, height: 240 });

      const videosOnly = await call<{ items: MediaInfo[] }>(
        "GET",
        `${base(owner.workspaceId)}?type=video`,
        { token: owner.accessToken },
      );
      expect(videosOnly.body.items.map((m) => m.id)).toEqual([completed.body.id]);
      const imagesOnly = await call<{ items: MediaInfo[] }>(
        "GET",
        `${base(owner.workspaceId)}?type=image`,
        { token: owner.accessToken },
      );
      expect(imagesOnly.body.items).toEqual([]);
    },
  );
});

describe("refused uploads", () => {
  it("an upload over the plan's size limit is refused up front, and nothing is created", async () => {
    const owner = await signUp("media-big");
    // A new workspace tries Pro (5 GB videos): this one is on Free, whose cap is 50 MB.
    await Billing.assign({ workspaceId: owner.workspaceId, plan: "free" });
    const response = await call("POST", `${base(owner.workspaceId)}/uploads`, {
      token: owner.accessToken,
      body: { fileName: "huge.mp4", contentType: "video/mp4", sizeBytes: 60 * 1024 * 1024 },
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body).toMatchObject({
      code: "upload_too_large",
      field: "sizeBytes",
      limitBytes: 50 * 1024 * 1024,
      plan: "free",
    });
    expect(response.body.detail).toBe(
      "This video is 60 MB; the Free plan takes videos up to 50 MB. Upload a smaller file or upgrade the plan.",
    );
    const library = await call<{ items: unknown[] }>("GET", base(owner.workspaceId), {
      token: owner.accessToken,
    });
    expect(library.body.items).toEqual([]);
  });

  it("storage refuses a body bigger than the presigned limit, or of another type", async () => {
    const owner = await signUp("media-s3-limit");
    const started = await call<Started>("POST", `${base(owner.workspaceId)}/uploads`, {
      token: owner.accessToken,
      body: { fileName: "small.png", contentType: "image/png", sizeBytes: 100 },
    });
    expect(started.body.upload.maxBytes).toBe(100);

    const tooBig = await postToStorage(started.body, Buffer.alloc(5000, 1));
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain("<Code>EntityTooLarge</Code>");

    const form = new FormData();
    for (const [name, value] of Object.entries(started.body.upload.fields)) {
      form.append(name, name === "Content-Type" ? "text/html" : value);
    }
    form.append("file", new Blob([new Uint8Array(50)]), "small.png");
    const otherType = await fetch(started.body.upload.url, { method: "POST", body: form });
    expect(otherType.status).toBe(403);

    expect(await objectExists(started.body.upload.fields.key!)).toBe(false);
    const complete = await call(
      "POST",
      `${base(owner.workspaceId)}/${started.body.media.id}/complete`,
      {
        token: owner.accessToken,
      },
    );
    expect(complete.status).toBe(409);
    expect(complete.body.code).toBe("upload_missing");
  });

  it.each([
    [
      "an executable",
      Buffer.concat([Buffer.from("7f454c46020101000000000000000000", "hex"), Buffer.alloc(4000)]),
    ],
    ["a shell script", Buffer.from("#!/bin/sh\necho 'not a photo'\n")],
  ])(
    "%s renamed photo.jpg is refused as unsupported_media_type and nothing is left",
    async (_, bytes) => {
      const owner = await signUp("media-exe");
      const started = await call<Started>("POST", `${base(owner.workspaceId)}/uploads`, {
        token: owner.accessToken,
        body: { fileName: "photo.jpg", contentType: "image/jpeg", sizeBytes: bytes.length },
      });
      expect((await postToStorage(started.body, bytes)).status).toBeLessThan(300);
      const key = started.body.upload.fields.key!;
      expect(await objectExists(key)).toBe(true);

      const complete = await call(
        "POST",
        `${base(owner.workspaceId)}/${started.body.media.id}/complete`,
        {
          token: owner.accessToken,
        },
      );
      expect(complete.status).toBe(400);
      expect(complete.headers.get("content-type")).toContain("application/problem+json");
      expect(complete.body).toMatchObject({ code: "unsupported_media_type", field: "file" });
      expect(complete.body.detail).toContain("“photo.jpg” is not an image or video we can post");

      expect(await objectExists(key)).toBe(false);
      const item = await call("GET", `${base(owner.workspaceId)}/${started.body.media.id}`, {
        token: owner.accessToken,
      });
      expect(item.status).toBe(404);
      const library = await call<{ items: unknown[] }>("GET", base(owner.workspaceId), {
        token: owner.accessToken,
      });
      expect(library.body.items).toEqual([]);
    },
  );

  it("a declared type that is not an image or video is refused before any upload", async () => {
    const owner = await signUp("media-declared");
    const response = await call("POST", `${base(owner.workspaceId)}/uploads`, {
      token: owner.accessToken,
      body: { fileName: "setup.exe", contentType: "application/x-msdownload", sizeBytes: 1000 },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "unsupported_media_type", field: "contentType" });
  });
});

describe("the media library", () => {
  it("finds media by name, alt text and tag, whatever the case", async () => {
    const owner = await signUp("media-search");
    const offsite = await upload(owner, owner.workspaceId, {
      name: "team-offsite.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const mug = await upload(owner, owner.workspaceId, {
      name: "product-shot.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const described = await call<MediaInfo>(
      "PATCH",
      `${base(owner.workspaceId)}/${mug.completed.body.id}`,
      {
        token: owner.accessToken,
        headers: { "if-match": `"${mug.completed.body.version}"` },
        body: { altText: "A red Mug on an oak desk", tags: ["Catalog"] },
      },
    );
    expect(described.status, described.text).toBe(200);
    expect(described.body).toMatchObject({ version: 2, tags: ["catalog"] });

    const search = async (query: string) =>
      (
        await call<{ items: MediaInfo[] }>(
          "GET",
          `${base(owner.workspaceId)}?query=${encodeURIComponent(query)}`,
          { token: owner.accessToken },
        )
      ).body.items.map((m) => m.id);
    expect(await search("OFFSITE")).toEqual([offsite.completed.body.id]);
    expect(await search("mug desk")).toEqual([mug.completed.body.id]);
    expect(await search("catalog")).toEqual([mug.completed.body.id]);
    expect(await search("png")).toEqual([mug.completed.body.id, offsite.completed.body.id]);
    expect(await search("winter")).toEqual([]);

    const activity = await call<{ items: { action: string }[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/activity?subjectId=${mug.completed.body.id}`,
      { token: owner.accessToken },
    );
    expect(activity.body.items.map((a) => a.action)).toEqual([
      "media.alt_text_changed",
      "media.uploaded",
    ]);
  });

  it("pages newest first with a cursor", async () => {
    const owner = await signUp("media-pages");
    const ids: string[] = [];
    for (const name of ["one.png", "two.png", "three.png"]) {
      ids.push(
        (
          await upload(owner, owner.workspaceId, {
            name,
            type: "image/png",
            bytes: await tinyPng(),
          })
        ).completed.body.id,
      );
    }
    const first = await call<{ items: MediaInfo[]; cursor: string | null }>(
      "GET",
      `${base(owner.workspaceId)}?limit=2`,
      { token: owner.accessToken },
    );
    expect(first.body.items.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    const second = await call<{ items: MediaInfo[]; cursor: string | null }>(
      "GET",
      `${base(owner.workspaceId)}?limit=2&cursor=${first.body.cursor}`,
      { token: owner.accessToken },
    );
    expect(second.body.items.map((m) => m.id)).toEqual([ids[0]]);
    expect(second.body.cursor).toBeNull();
  });

  it("alt text over 1,500 characters is refused with the field named", async () => {
    const owner = await signUp("media-alt");
    const { completed } = await upload(owner, owner.workspaceId, {
      name: "alt.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const path = `${base(owner.workspaceId)}/${completed.body.id}`;
    const tooLong = await call("PATCH", path, {
      token: owner.accessToken,
      body: { altText: "a".repeat(1501), version: 1 },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: "invalid_input", field: "altText" });
    expect(tooLong.body.detail).toContain("1,500 characters");

    const atLimit = await call<MediaInfo>("PATCH", path, {
      token: owner.accessToken,
      body: { altText: "é".repeat(1500), version: 1 },
    });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.altText).toHaveLength(1500);
  });

  it("an edit from a stale version is refused with 412, and one without a version with 428", async () => {
    const owner = await signUp("media-version");
    const { completed } = await upload(owner, owner.workspaceId, {
      name: "v.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const path = `${base(owner.workspaceId)}/${completed.body.id}`;
    const first = await call<MediaInfo>("PATCH", path, {
      token: owner.accessToken,
      body: { name: "Renamed", version: 1 },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"2"');
    const stale = await call("PATCH", path, {
      token: owner.accessToken,
      headers: { "if-match": '"1"' },
      body: { altText: "Lost update" },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: "version_conflict", currentVersion: 2 });
    const missing = await call("PATCH", path, {
      token: owner.accessToken,
      body: { altText: "No version" },
    });
    expect(missing.status).toBe(428);
  });
});

describe("media in posts", () => {
  const asEditor = (person: Person, workspaceId: string): Actor => ({
    type: "user",
    userId: person.userId,
    email: person.email,
    sessionId: "test",
    workspace: { workspaceId, role: "editor" },
  });

  it("deleting media a scheduled post uses is refused until the post releases it", async () => {
    const { workspaceId, editor } = await team("media-delete");
    const { completed } = await upload(editor, workspaceId, {
      name: "launch.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const mediaId = completed.body.id;
    const actor = asEditor(editor, workspaceId);
    await withActor(actor, async () => {
      await Media.attach({ mediaIds: [mediaId], postId: "post_launch" });
      await Media.attach({ mediaIds: [mediaId], postId: "post_teaser" });
    });
    const path = `${base(workspaceId)}/${mediaId}`;

    const refused = await call("DELETE", path, { token: editor.accessToken });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "media_in_use", posts: 2 });
    expect(refused.body.detail).toBe(
      "This media is used by 2 scheduled posts. Remove it from those posts, or wait until they are published or canceled, then delete it.",
    );
    expect(await withActor(actor, () => Media.usage(mediaId))).toEqual(
      expect.arrayContaining(["post_launch", "post_teaser"]),
    );

    await withActor(actor, () => Media.release({ postId: "post_launch" }));
    const stillOne = await call("DELETE", path, { token: editor.accessToken });
    expect(stillOne.status).toBe(409);
    expect(stillOne.body.detail).toContain("used by 1 scheduled post.");
    // A refused delete leaves the item usable.
    expect((await call<MediaInfo>("GET", path, { token: editor.accessToken })).body.state).toBe(
      "ready",
    );

    await withActor(actor, () => Media.detach({ postId: "post_teaser" }));
    const deleted = await call("DELETE", path, { token: editor.accessToken });
    expect(deleted.status).toBe(204);
    expect((await call("GET", path, { token: editor.accessToken })).status).toBe(404);
    expect((await fetch(completed.body.url!)).status).toBe(404);
    expect((await fetch(completed.body.thumbnailUrl!)).status).toBe(404);
    const activity = await call<{ items: { action: string }[] }>(
      "GET",
      `/workspaces/${workspaceId}/activity?subjectId=${mediaId}`,
      { token: editor.accessToken },
    );
    expect(activity.body.items[0]?.action).toBe("media.deleted");
  });

  it("attach accepts only ready media of the workspace; adapters get ordered, fetchable URLs", async () => {
    const owner = await signUp("media-attach");
    const other = await signUp("media-attach-other");
    const first = await upload(owner, owner.workspaceId, {
      name: "a.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const second = await upload(owner, owner.workspaceId, {
      name: "clip.mp4",
      type: "video/mp4",
      bytes: readFileSync(join(videos, "clip.mp4")),
    });
    const pending = await call<Started>("POST", `${base(owner.workspaceId)}/uploads`, {
      token: owner.accessToken,
      body: { fileName: "later.png", contentType: "image/png", sizeBytes: 10 },
    });
    const foreign = await upload(other, other.workspaceId, {
      name: "theirs.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const actor = asEditor(owner, owner.workspaceId);
    const ids = [second.completed.body.id, first.completed.body.id];

    await expect(
      withActor(actor, () =>
        Media.attach({ mediaIds: [...ids, pending.body.media.id], postId: "post_1" }),
      ),
    ).rejects.toMatchObject({ code: "media_not_ready", status: 409 });
    await expect(
      withActor(actor, () =>
        Media.attach({ mediaIds: [foreign.completed.body.id], postId: "post_1" }),
      ),
    ).rejects.toMatchObject({ code: "media_not_found", status: 400 });
    expect(await withActor(actor, () => Media.usage(first.completed.body.id))).toEqual([]);

    await withActor(actor, () => Media.attach({ mediaIds: ids, postId: "post_1" }));
    const facts = await withActor(actor, () => Media.describe(ids));
    expect(facts).toEqual([
      expect.objectContaining({ mimeType: "video/mp4", videoCodec: "h264", width: 320 }),
      expect.objectContaining({ mimeType: "image/png", width: 64, height: 48 }),
    ]);
    const publishable = await withActor(actor, () => Media.forPublishing(ids, 120));
    expect(publishable.map((m) => m.mimeType)).toEqual(["video/mp4", "image/png"]);
    for (const media of publishable) {
      const fetched = await fetch(media.url);
      expect(fetched.status).toBe(200);
      expect(Number(fetched.headers.get("content-length"))).toBe(media.sizeBytes);
    }
    expect(new URL(publishable[0]!.url).searchParams.get("X-Amz-Expires")).toBe("120");
  });

  it("the publish job names the post's workspace; a person cannot name another", async () => {
    const owner = await signUp("media-publish");
    const stranger = await signUp("media-publish-stranger");
    const { completed } = await upload(owner, owner.workspaceId, {
      name: "post.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const ids = [completed.body.id];
    const job: Actor = { type: "system", job: "publish" };
    const [media] = await withActor(job, () => Media.forPublishing(ids, 900, owner.workspaceId));
    expect((await fetch(media!.url)).status).toBe(200);
    await expect(
      withActor(asEditor(stranger, stranger.workspaceId), () =>
        Media.forPublishing(ids, 900, owner.workspaceId),
      ),
    ).rejects.toMatchObject({ code: "media_not_found" });
  });
});

describe("who may do what", () => {
  it("a viewer cannot upload", async () => {
    const { workspaceId, viewer } = await team("media-viewer");
    const response = await call("POST", `${base(workspaceId)}/uploads`, {
      token: viewer.accessToken,
      body: { fileName: "x.png", contentType: "image/png", sizeBytes: 10 },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("role_required");
  });

  it("another workspace's media id answers 404 in your workspace", async () => {
    const owner = await signUp("media-tenant-a");
    const stranger = await signUp("media-tenant-b");
    const { completed } = await upload(owner, owner.workspaceId, {
      name: "private.png",
      type: "image/png",
      bytes: await tinyPng(),
    });
    const path = `${base(stranger.workspaceId)}/${completed.body.id}`;
    for (const method of ["GET", "DELETE"]) {
      const response = await call(method, path, { token: stranger.accessToken });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe("media_not_found");
      expect(response.text).not.toContain("private.png");
    }
    const patch = await call("PATCH", path, {
      token: stranger.accessToken,
      body: { altText: "mine now", version: 1 },
    });
    expect(patch.status).toBe(404);
    const complete = await call("POST", `${path}/complete`, { token: stranger.accessToken });
    expect(complete.status).toBe(404);
  });
});
