import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { actorRef, assertRole, useWorkspace } from "../actor/index.ts";
import { ignoreCondition } from "../db/condition.ts";
import type { MediaItem, MediaKind } from "../db/entities/media.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Plan } from "../plan/index.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";
import { containerOf, kindOf, labelOf } from "./formats.ts";
import { loadMedia, type MediaInfo, mediaErrors, toInfo } from "./info.ts";
import { safeFileName } from "./name.ts";
import { type ImageFacts, probeImage, webpThumbnail } from "./probe-image.ts";
import { probeVideo, type VideoFacts, videoThumbnail } from "./probe-video.ts";
import { sniff, sniffBytes } from "./sniff.ts";
import {
  deleteObjects,
  headObject,
  mediaKeys,
  moveObject,
  type PresignedUpload,
  presignGet,
  presignUpload,
  putObject,
  readObject,
  readStart,
} from "./storage.ts";

/** A presigned POST stays usable this long: long enough for a large video on a slow line. */
const uploadUrlSeconds = 60 * 60;
/** An item still uploading after a day goes, as infra's lifecycle rule removes its object. */
const abandonedAfterSeconds = 24 * 60 * 60;
/** How long one completion may hold the item before another may take over. */
const processingLeaseMs = 2 * 60 * 1000;

export const CreateUploadInput = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, "enter the file's name")
    .max(255, "use at most 255 characters"),
  contentType: z.string().trim().toLowerCase().max(100, "use at most 100 characters"),
  sizeBytes: z.number().int().positive("send the file's size in bytes"),
});

export interface UploadStarted {
  media: MediaInfo;
  upload: PresignedUpload & { maxBytes: number };
}

async function uploadLimit(workspaceId: string, kind: MediaKind) {
  const plan = await Plan.ofWorkspace(workspaceId);
  return { plan, limitBytes: Plan.table[plan].maxUploadBytes[kind] };
}

/**
 * Starts an upload: checks the declared type and size against the plan, records the item as
 * `uploading` and returns a presigned POST that S3 holds to that type and size.
 */
export const createUpload = fn(CreateUploadInput, async (input): Promise<UploadStarted> => {
  assertRole("editor");
  const workspaceId = useWorkspace();
  const kind = kindOf(input.contentType);
  if (!kind) throw mediaErrors.unsupportedDeclared(input.contentType);
  const { plan, limitBytes } = await uploadLimit(workspaceId, kind);
  if (input.sizeBytes > limitBytes) {
    throw mediaErrors.tooLarge({ sizeBytes: input.sizeBytes, limitBytes, plan, kind });
  }
  const mediaId = newId("med");
  const key = mediaKeys.upload(workspaceId, mediaId, safeFileName(input.fileName));
  const upload = await presignUpload({
    key,
    contentType: input.contentType,
    // Never more than it said: the size recorded now is the size S3 will accept.
    maxBytes: input.sizeBytes,
    expiresInSeconds: uploadUrlSeconds,
  });
  const actor = actorRef();
  const created = await db()
    .entities.media.create({
      workspaceId,
      mediaId,
      kind,
      name: input.fileName,
      mimeType: input.contentType,
      sizeBytes: input.sizeBytes,
      objectKey: key,
      uploadedByType: actor.actorType,
      uploadedBy: actor.actorId,
      expiresAt: Math.floor(Date.now() / 1000) + abandonedAfterSeconds,
    })
    .go();
  return { media: await toInfo(created.data), upload: { ...upload, maxBytes: input.sizeBytes } };
});

function claimable(item: MediaItem, now: Date): boolean {
  if (item.state === "uploading") return true;
  return item.state === "processing" && (item.processingUntil ?? "") < now.toISOString();
}

/** Takes the item for processing (a lease that ran out can be taken over); false if taken. */
async function claim(item: MediaItem): Promise<boolean> {
  const now = new Date();
  try {
    await db()
      .entities.media.patch({ workspaceId: item.workspaceId, mediaId: item.mediaId })
      .set({
        state: "processing",
        processingUntil: new Date(now.getTime() + processingLeaseMs).toISOString(),
      })
      .where(
        (attr, op) =>
          `${op.eq(attr.state, "uploading")} OR (${op.eq(attr.state, "processing")} AND ${op.lt(attr.processingUntil, now.toISOString())})`,
      )
      .go();
    return true;
  } catch (error) {
    // The condition refuses only an item someone else holds now; anything else is a fault.
    if (claimable(await loadMedia(item.mediaId), now)) throw error;
    return false;
  }
}

type Probed =
  | { kind: "image"; facts: ImageFacts; thumbnail: Buffer }
  | { kind: "video"; facts: VideoFacts; thumbnail: Buffer };

/** Probes the uploaded file and makes its thumbnail; a file that cannot be read is refused. */
async function probe(
  item: MediaItem,
  key: string,
  mimeType: string,
  kind: MediaKind,
): Promise<Probed> {
  try {
    if (kind === "image") {
      const bytes = await readObject(key);
      const facts = await probeImage(bytes);
      return { kind, facts, thumbnail: await webpThumbnail(bytes) };
    }
    const url = await presignGet(key, 10 * 60);
    const facts = await probeVideo(url, containerOf(mimeType) ?? "mp4");
    return { kind, facts, thumbnail: await videoThumbnail(url, facts.durationSeconds) };
  } catch {
    throw mediaErrors.unreadable(item.name, kind);
  }
}

function finalKeyOf(item: MediaItem): string {
  const fileName = item.objectKey.split("/").pop() ?? "file";
  return mediaKeys.original(item.workspaceId, item.mediaId, fileName);
}

/** A refused file leaves nothing behind: not its object, not its thumbnail, not its item. */
async function discard(item: MediaItem): Promise<void> {
  await deleteObjects(
    item.objectKey,
    finalKeyOf(item),
    mediaKeys.thumbnail(item.workspaceId, item.mediaId),
  );
  await db().entities.media.delete({ workspaceId: item.workspaceId, mediaId: item.mediaId }).go();
}

async function processUpload(item: MediaItem): Promise<MediaItem> {
  const { workspaceId, mediaId } = item;
  const finalKey = finalKeyOf(item);
  let sourceKey = item.objectKey;
  let head = await headObject(sourceKey);
  if (!head) {
    // A completion that died after moving the file left it in its final place.
    sourceKey = finalKey;
    head = await headObject(sourceKey);
  }
  if (!head) throw mediaErrors.uploadMissing();
  const sniffed = await sniff(await readStart(sourceKey, sniffBytes));
  if (!sniffed.accepted) throw mediaErrors.unsupportedContent(item.name, sniffed.detected);
  // S3 already held the body to the declared size; the plan's cap is for what it really is.
  const { plan, limitBytes } = await uploadLimit(workspaceId, sniffed.kind);
  if (head.sizeBytes > limitBytes) {
    throw mediaErrors.tooLarge({ sizeBytes: head.sizeBytes, limitBytes, plan, kind: sniffed.kind });
  }
  const probed = await probe(item, sourceKey, sniffed.mimeType, sniffed.kind);
  const thumbnailKey = mediaKeys.thumbnail(workspaceId, mediaId);
  await putObject(thumbnailKey, probed.thumbnail, "image/webp");
  if (sourceKey !== finalKey) await moveObject(sourceKey, finalKey, sniffed.mimeType);
  const updated = await db()
    .entities.media.patch({ workspaceId, mediaId })
    .set({
      state: "ready",
      kind: sniffed.kind,
      mimeType: sniffed.mimeType,
      sizeBytes: head.sizeBytes,
      objectKey: finalKey,
      thumbnailKey,
      ...probed.facts,
    })
    .remove(["processingUntil", "expiresAt"])
    .where((attr, op) => op.eq(attr.state, "processing"))
    .go({ response: "all_new" });
  return updated.data as MediaItem;
}

export const CompleteInput = z.object({ mediaId: z.string().min(1).max(64) });

/**
 * Whether completing this upload is heavy work for a job: a video not ready yet (probing it
 * and grabbing a frame reads it over the network and can outlast a request). Images are quick.
 */
export const completesAsJob = fn(CompleteInput, async (input): Promise<boolean> => {
  assertRole("editor");
  const item = await loadMedia(input.mediaId);
  return item.kind === "video" && item.state !== "ready";
});

/**
 * Finishes an upload: sniffs the real type from the bytes, checks the real size against the
 * plan, probes (sharp for images, ffprobe for video), writes a WebP thumbnail and moves the
 * file out of `uploads/`. A refused file is deleted with its item. Completing twice is harmless.
 */
export const complete = fn(CompleteInput, async (input): Promise<MediaInfo> => {
  assertRole("editor");
  const item = await loadMedia(input.mediaId);
  if (item.state === "ready") return toInfo(item);
  if (item.state === "deleting") throw mediaErrors.notFound();
  if (!(await claim(item))) {
    const latest = await loadMedia(input.mediaId);
    if (latest.state === "ready") return toInfo(latest);
    throw mediaErrors.processing();
  }
  let ready: MediaItem;
  try {
    ready = await processUpload(item);
  } catch (error) {
    const refused =
      error instanceof VisibleError &&
      ["unsupported_media_type", "upload_too_large", "media_unreadable"].includes(error.code);
    if (refused) {
      await discard(item);
    } else {
      // Nothing was decided about the file (not there yet, or a fault): it may be completed again.
      await db()
        .entities.media.patch({ workspaceId: item.workspaceId, mediaId: item.mediaId })
        .set({ state: "uploading" })
        .remove(["processingUntil"])
        .go()
        .catch(ignoreCondition);
    }
    throw error;
  }
  await Activity.record({
    action: "media.uploaded",
    subjectType: "media",
    subjectId: ready.mediaId,
    summary: `Uploaded ${ready.kind} “${ready.name}” (${labelOf(ready.mimeType)}, ${Plan.formatBytes(ready.sizeBytes)})`,
    data: { mimeType: ready.mimeType, sizeBytes: ready.sizeBytes },
  });
  return toInfo(ready);
});
