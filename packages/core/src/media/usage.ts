import * as z from "zod";
import { type Actor, assertRole, useActor, useWorkspace } from "../actor/index.ts";
import type { MediaItem } from "../db/entities/media.ts";
import { db } from "../db/service.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";
import { mediaErrors } from "./info.ts";
import { presignGet } from "./storage.ts";

/**
 * Which posts use which media. The post module owns the lifecycle: it attaches media when a
 * post is saved, detaches what an edit drops, and releases a post's media once the post can
 * no longer publish. Only a blocking (not yet released) usage stops a delete.
 */

/** The most media one post can carry anywhere (TikTok photo posts take 35). */
const maxMediaPerPost = 35;

const MediaIds = z
  .array(z.string().min(1).max(64))
  .min(1, "choose at least one media item")
  .max(maxMediaPerPost, `use at most ${maxMediaPerPost} media items`);
const PostId = z.string().min(1).max(64);

/** The given media of the workspace, in the given order; all must be ready. */
async function loadReady(
  mediaIds: string[],
  workspaceId: string = useWorkspace(),
): Promise<MediaItem[]> {
  const unique = [...new Set(mediaIds)];
  const items = await Promise.all(
    unique.map(async (mediaId) => {
      const item = (await db().entities.media.get({ workspaceId, mediaId }).go()).data;
      if (!item) throw mediaErrors.notFound(mediaId);
      if (item.state !== "ready") throw mediaErrors.notReady(mediaId, item.state);
      return item;
    }),
  );
  const byId = new Map(items.map((item) => [item.mediaId, item]));
  return mediaIds.map((mediaId) => byId.get(mediaId)!);
}

export const AttachInput = z.object({ mediaIds: MediaIds, postId: PostId });

/**
 * Records that a post uses these media (each blocking deletion until released). Every id must
 * be a ready media item of the actor's workspace: 404 `media_not_found`, 400 `media_not_ready`.
 * Attaching again is harmless and makes the usage blocking again.
 */
export const attach = fn(AttachInput, async (input): Promise<void> => {
  assertRole("editor");
  const workspaceId = useWorkspace();
  const items = await loadReady(input.mediaIds);
  const unique = [...new Map(items.map((item) => [item.mediaId, item])).values()];
  try {
    // The check and the usage commit together, so a delete that has begun cannot be raced.
    await db()
      .transaction.write(({ media, mediaUsage }) =>
        unique.flatMap((item) => [
          media
            .check({ workspaceId, mediaId: item.mediaId })
            .where((attr, op) => op.eq(attr.state, "ready"))
            .commit(),
          mediaUsage
            .put({ workspaceId, mediaId: item.mediaId, postId: input.postId, blocking: true })
            .commit(),
        ]),
      )
      .go();
  } catch (error) {
    // Something changed between the read and the write: report it as the read would now.
    await loadReady(input.mediaIds);
    throw error;
  }
});

async function usagesOfPost(workspaceId: string, postId: string) {
  return (await db().entities.mediaUsage.query.byPost({ workspaceId, postId }).go({ pages: "all" }))
    .data;
}

export const DetachInput = z.object({
  postId: PostId,
  /** Only these; all of the post's media when omitted. */
  mediaIds: z.array(z.string().min(1).max(64)).max(maxMediaPerPost).optional(),
});

/** Forgets that a post uses these media (or all its media). */
export const detach = fn(DetachInput, async (input): Promise<void> => {
  assertRole("editor");
  const workspaceId = useWorkspace();
  const only = input.mediaIds ? new Set(input.mediaIds) : undefined;
  const usages = (await usagesOfPost(workspaceId, input.postId)).filter(
    (usage) => !only || only.has(usage.mediaId),
  );
  if (usages.length === 0) return;
  await db()
    .entities.mediaUsage.delete(
      usages.map((u) => ({ workspaceId, mediaId: u.mediaId, postId: u.postId })),
    )
    .go();
});

export const ReleaseInput = z.object({ postId: PostId });

/**
 * The post can no longer publish (published, canceled or deleted): its media stop blocking
 * deletion. The usages stay, so the library can still say where a file was used.
 */
export const release = fn(ReleaseInput, async (input): Promise<void> => {
  assertRole("editor");
  const workspaceId = useWorkspace();
  const usages = await usagesOfPost(workspaceId, input.postId);
  await Promise.all(
    usages
      .filter((usage) => usage.blocking)
      .map((usage) =>
        db()
          .entities.mediaUsage.patch({ workspaceId, mediaId: usage.mediaId, postId: usage.postId })
          .set({ blocking: false })
          .go(),
      ),
  );
});

async function usagesOfMedia(workspaceId: string, mediaId: string) {
  return (
    await db().entities.mediaUsage.query.byMedia({ workspaceId, mediaId }).go({ pages: "all" })
  ).data;
}

/** Ids of the posts that use a media item (released ones included). */
export async function usage(mediaId: string): Promise<string[]> {
  assertRole("viewer");
  return (await usagesOfMedia(useWorkspace(), mediaId)).map((u) => u.postId);
}

/** How many posts that can still publish use a media item. */
export async function blockingUsages(workspaceId: string, mediaId: string): Promise<number> {
  return (await usagesOfMedia(workspaceId, mediaId)).filter((u) => u.blocking).length;
}

/** Removes every usage record of a media item that is being deleted. */
export async function forgetUsages(workspaceId: string, mediaId: string): Promise<void> {
  const usages = await usagesOfMedia(workspaceId, mediaId);
  if (usages.length === 0) return;
  await db()
    .entities.mediaUsage.delete(usages.map((u) => ({ workspaceId, mediaId, postId: u.postId })))
    .go();
}

/** What a network adapter needs to send one file (packages/networks `MediaItem`, plus codec). */
export interface PublishableMedia {
  /** Presigned GET: networks that fetch by URL (Instagram, Threads) get it as it is. */
  url: string;
  mimeType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  altText?: string;
  videoCodec?: string;
}

/** The probe facts the networks' content rules check (packages/networks `DraftMedia`). */
export interface MediaFacts {
  mimeType: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  videoCodec?: string;
  altText?: string;
}

function factsOf(item: MediaItem): MediaFacts {
  return {
    mimeType: item.mimeType,
    sizeBytes: item.sizeBytes,
    ...(item.width !== undefined ? { width: item.width } : {}),
    ...(item.height !== undefined ? { height: item.height } : {}),
    ...(item.durationSeconds !== undefined ? { durationSeconds: item.durationSeconds } : {}),
    ...(item.videoCodec ? { videoCodec: item.videoCodec } : {}),
    ...(item.altText ? { altText: item.altText } : {}),
  };
}

/** The media's facts for validating a draft against each network's rules, in the given order. */
export async function describe(mediaIds: string[]): Promise<MediaFacts[]> {
  assertRole("viewer");
  if (mediaIds.length === 0) return [];
  return (await loadReady(mediaIds)).map(factsOf);
}

/**
 * The workspace whose media a publishing job reads: the actor's, or the one it names. A person
 * or an API key can only name their own; the system (the publish consumer) any.
 */
function publishingWorkspace(named: string | undefined): string {
  if (named === undefined) {
    assertRole("viewer");
    return useWorkspace();
  }
  let actor: Actor | undefined;
  try {
    actor = useActor();
  } catch {
    actor = undefined;
  }
  if (actor && actor.type !== "system" && actor.workspace?.workspaceId !== named) {
    throw mediaErrors.notFound();
  }
  return named;
}

/**
 * The media as a network adapter sends them, in the given order, each with a presigned GET URL
 * valid for `ttlSeconds` (15 minutes unless told; S3 allows at most 7 days). Jobs outside a
 * request pass the post's workspace as `workspaceId`.
 */
export async function forPublishing(
  mediaIds: string[],
  ttlSeconds = 15 * 60,
  workspaceId?: string,
): Promise<PublishableMedia[]> {
  const workspace = publishingWorkspace(workspaceId);
  if (mediaIds.length === 0) return [];
  const seconds = Math.max(60, Math.min(Math.floor(ttlSeconds), 7 * 24 * 60 * 60));
  const items = await loadReady(mediaIds, workspace);
  return Promise.all(
    items.map(async (item) => ({
      url: await presignGet(item.objectKey, seconds),
      ...factsOf(item),
    })),
  );
}
