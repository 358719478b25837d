import * as z from "zod";
import { useWorkspace } from "../actor/index.ts";
import { type MediaItem, mediaKinds, mediaStates } from "../db/entities/media.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Plan } from "../plan/index.ts";
import "../util/zod.ts";
import { acceptedSentence } from "./formats.ts";
import { presignGet } from "./storage.ts";

/** Presigned URLs in API answers live this long: enough to render a page, too short to share. */
export const viewUrlSeconds = 15 * 60;

export const MediaInfo = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(mediaKinds),
  state: z.enum(mediaStates),
  mimeType: z.string(),
  sizeBytes: z.number(),
  width: z.number().optional(),
  height: z.number().optional(),
  durationSeconds: z.number().optional(),
  altText: z.string(),
  tags: z.array(z.string()),
  probe: z.object({
    format: z.string().optional(),
    frames: z.number().optional(),
    hasAlpha: z.boolean().optional(),
    orientation: z.number().optional(),
    videoCodec: z.string().optional(),
    audioCodec: z.string().optional(),
    frameRate: z.number().optional(),
    bitRate: z.number().optional(),
    rotation: z.number().optional(),
  }),
  /** Presigned GET URLs of the file and its WebP thumbnail (ready media only). */
  url: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  urlsExpireAt: z.string().nullable(),
  uploadedBy: z.object({ type: z.enum(["user", "apikey", "system"]), id: z.string() }),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MediaInfo = z.infer<typeof MediaInfo>;

function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The actor's workspace's media item: another workspace's id is simply not found. */
export async function loadMedia(mediaId: string): Promise<MediaItem> {
  const item = (await db().entities.media.get({ workspaceId: useWorkspace(), mediaId }).go()).data;
  if (!item) throw mediaErrors.notFound();
  return item;
}

export async function toInfo(item: MediaItem): Promise<MediaInfo> {
  const ready = item.state === "ready";
  const [url, thumbnailUrl] = ready
    ? await Promise.all([
        presignGet(item.objectKey, viewUrlSeconds),
        item.thumbnailKey ? presignGet(item.thumbnailKey, viewUrlSeconds) : null,
      ])
    : [null, null];
  return {
    id: item.mediaId,
    name: item.name,
    kind: item.kind,
    state: item.state,
    mimeType: item.mimeType,
    sizeBytes: item.sizeBytes,
    ...defined({
      width: item.width,
      height: item.height,
      durationSeconds: item.durationSeconds,
    }),
    altText: item.altText,
    tags: item.tags,
    probe: defined({
      format: item.format,
      frames: item.frames,
      hasAlpha: item.hasAlpha,
      orientation: item.orientation,
      videoCodec: item.videoCodec,
      audioCodec: item.audioCodec,
      frameRate: item.frameRate,
      bitRate: item.bitRate,
      rotation: item.rotation,
    }),
    url,
    thumbnailUrl,
    urlsExpireAt: ready ? new Date(Date.now() + viewUrlSeconds * 1000).toISOString() : null,
    uploadedBy: { type: item.uploadedByType, id: item.uploadedBy },
    version: item.version,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

export const mediaErrors = {
  notFound: (mediaId?: string) =>
    new VisibleError(
      "media_not_found",
      mediaId
        ? `There is no media ${mediaId} in this workspace.`
        : "There is no such media in this workspace.",
      mediaId ? "mediaIds" : undefined,
      mediaId ? { mediaId } : undefined,
    ),

  notReady: (mediaId: string, state: string) =>
    new VisibleError(
      "media_not_ready",
      state === "deleting"
        ? `Media ${mediaId} is being deleted; choose another file.`
        : `Media ${mediaId} is still ${state === "processing" ? "being processed" : "uploading"}: finish its upload (POST …/media/${mediaId}/complete) before using it in a post.`,
      "mediaIds",
      { mediaId, state },
    ),

  unsupportedDeclared: (contentType: string) =>
    new VisibleError(
      "unsupported_media_type",
      `${contentType || "This type"} cannot be posted; upload ${acceptedSentence}.`,
      "contentType",
    ),

  unsupportedContent: (fileName: string, detected: string | undefined) =>
    new VisibleError(
      "unsupported_media_type",
      `“${fileName}” is not an image or video we can post (${detected ? `its contents are ${detected}` : "its contents match no image or video format"}), whatever its name says. Upload ${acceptedSentence}.`,
      "file",
      detected ? { detected } : undefined,
    ),

  unreadable: (fileName: string, kind: string) =>
    new VisibleError(
      "media_unreadable",
      `“${fileName}” looks like ${kind === "video" ? "a video" : "an image"} but cannot be read: it may be damaged or cut short. Export it again and upload the new file.`,
      "file",
    ),

  tooLarge: (input: { sizeBytes: number; limitBytes: number; plan: Plan.Id; kind: string }) =>
    new VisibleError(
      "upload_too_large",
      `This ${input.kind} is ${Plan.formatBytes(input.sizeBytes)}; the ${Plan.table[input.plan].name} plan takes ${input.kind}s up to ${Plan.formatBytes(input.limitBytes)}. Upload a smaller file${input.plan === "enterprise" || input.plan === "pro" ? "" : " or upgrade the plan"}.`,
      "sizeBytes",
      { limitBytes: input.limitBytes, plan: input.plan },
    ),

  uploadMissing: () =>
    new VisibleError(
      "upload_missing",
      "The file has not arrived in storage yet: send it to the upload URL you were given, then complete the upload.",
    ),

  processing: () =>
    new VisibleError(
      "media_not_ready",
      "This media is being processed right now; try again in a few seconds.",
    ),

  inUse: (posts: number) =>
    new VisibleError(
      "media_in_use",
      `This media is used by ${posts} scheduled ${posts === 1 ? "post" : "posts"}. Remove it from ${posts === 1 ? "that post" : "those posts"}, or wait until ${posts === 1 ? "it is" : "they are"} published or canceled, then delete it.`,
      undefined,
      { posts },
    ),
};
