import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { ignoreCondition } from "../db/condition.ts";
import { type MediaItem, mediaKinds } from "../db/entities/media.ts";
import { db } from "../db/service.ts";
import { decodeCursor, encodeCursor } from "../util/cursor.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";
import { versionConflict } from "../workspace/index.ts";
import { loadMedia, type MediaInfo, mediaErrors, toInfo } from "./info.ts";
import { matchesQuery } from "./name.ts";
import { deleteObjects } from "./storage.ts";
import { blockingUsages, forgetUsages } from "./usage.ts";

/** One list request reads at most this many items, so a rare search term cannot run away. */
const readBudget = 1000;

export const ListInput = z.object({
  /** Words to find in the name, alt text or tags (all of them, any case, any accents). */
  query: z.string().trim().max(100, "use at most 100 characters").optional(),
  type: z.enum(mediaKinds).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().optional(),
});

/** A page of the workspace's media below `before` (a media id), newest first. */
function page(workspaceId: string, kind: MediaItem["kind"] | undefined, before?: string) {
  const options = { order: "desc" as const };
  if (kind) {
    const query = db().entities.media.query.byKind({ workspaceId, kind });
    return (limit: number) =>
      (before ? query.lt({ mediaId: before }) : query).go({ ...options, limit });
  }
  const query = db().entities.media.query.byWorkspace({ workspaceId });
  return (limit: number) =>
    (before ? query.lt({ mediaId: before }) : query).go({ ...options, limit });
}

/**
 * The library, newest first: ready media, optionally one kind (gsi1) and matching a search.
 * Reads the workspace's media partition page by page and filters as it goes; a request stops
 * after `readBudget` items and hands back a cursor that continues from the last item it read.
 */
export const list = fn(ListInput, async (input) => {
  assertRole("viewer");
  const workspaceId = useWorkspace();
  const scope = `media:${workspaceId}:${input.type ?? "all"}:${input.query ?? ""}`;
  let before = decodeCursor(input.cursor, scope);
  const found: MediaItem[] = [];
  const pageSize = input.query ? 200 : Math.min(100, input.limit + 10);
  let read = 0;
  let exhausted = false;
  while (found.length < input.limit && read < readBudget) {
    const result = await page(workspaceId, input.type, before)(pageSize);
    read += result.data.length;
    let consumed = 0;
    for (const item of result.data) {
      consumed += 1;
      before = item.mediaId;
      if (item.state === "ready" && matchesQuery(item, input.query)) {
        found.push(item);
        if (found.length === input.limit) break;
      }
    }
    if (!result.cursor && consumed === result.data.length) {
      exhausted = true;
      break;
    }
  }
  return {
    items: await Promise.all(found.map(toInfo)),
    cursor: exhausted ? null : encodeCursor(before, scope),
  };
});

export async function get(mediaId: string): Promise<MediaInfo> {
  assertRole("viewer");
  return toInfo(await loadMedia(mediaId));
}

const altTextLimit = 1500;

export const UpdateInput = z.object({
  mediaId: z.string().min(1).max(64),
  name: z.string().trim().min(1, "enter a name").max(255, "use at most 255 characters").optional(),
  /** Mastodon's limit, the longest any network allows; each network's rules check its own. */
  altText: z
    .string()
    .trim()
    .refine(
      (text) => [...text].length <= altTextLimit,
      `use at most ${altTextLimit.toLocaleString("en")} characters (Mastodon's limit, the longest any network takes)`,
    )
    .optional(),
  tags: z
    .array(z.string().trim().toLowerCase().min(1, "a tag cannot be empty").max(40))
    .max(30, "use at most 30 tags")
    .transform((tags) => [...new Set(tags)])
    .optional(),
  /** The version the editor saw: a newer one means someone else changed it meanwhile. */
  expectedVersion: z.number().int().positive(),
});

/** Renames, retags or describes (alt text) a media item, conditional on the version seen. */
export const update = fn(UpdateInput, async (input): Promise<MediaInfo> => {
  assertRole("editor");
  const workspaceId = useWorkspace();
  const { mediaId, expectedVersion, ...changes } = input;
  const before = await loadMedia(mediaId);
  if (before.version !== expectedVersion) throw versionConflict("media", before.version);
  let updated: MediaItem;
  try {
    updated = (
      await db()
        .entities.media.patch({ workspaceId, mediaId })
        .set(changes)
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, expectedVersion))
        .go({ response: "all_new" })
    ).data as MediaItem;
  } catch (error) {
    const latest = await loadMedia(mediaId);
    if (latest.version !== expectedVersion) throw versionConflict("media", latest.version);
    throw error;
  }
  const altChanged = changes.altText !== undefined && changes.altText !== before.altText;
  const changed = Object.keys(changes).filter((key) => key !== "altText" || altChanged);
  if (changed.length > 0) {
    await Activity.record({
      action: altChanged ? "media.alt_text_changed" : "media.updated",
      subjectType: "media",
      subjectId: mediaId,
      summary: altChanged
        ? `${updated.altText ? "Changed" : "Removed"} the alt text of “${updated.name}”`
        : `Changed ${changed.join(", ")} of “${updated.name}”`,
      data: altChanged ? { altText: updated.altText } : changes,
    });
  }
  return toInfo(updated);
});

/**
 * Deletes a media item, its file and its thumbnail, unless a post that can still publish uses
 * it. The item is first marked `deleting`, so no post can attach it while usage is checked.
 */
export const remove = fn(z.object({ mediaId: z.string().min(1).max(64) }), async (input) => {
  assertRole("editor");
  const workspaceId = useWorkspace();
  const item = await loadMedia(input.mediaId);
  const key = { workspaceId, mediaId: item.mediaId };
  if (item.state === "processing" && (item.processingUntil ?? "") > new Date().toISOString()) {
    throw mediaErrors.processing();
  }
  if (item.state === "ready") {
    try {
      await db()
        .entities.media.patch(key)
        .set({ state: "deleting" })
        .where((attr, op) => op.eq(attr.state, "ready"))
        .go();
    } catch (error) {
      // Another delete got there first: check usage as it does. Anything else is a fault.
      if ((await loadMedia(item.mediaId)).state !== "deleting") throw error;
    }
  }
  if (item.state === "ready" || item.state === "deleting") {
    const blocking = await blockingUsages(workspaceId, item.mediaId);
    if (blocking > 0) {
      // Back to usable. A delete that crashed here, or runs beside this one, ends the same way.
      await db()
        .entities.media.patch(key)
        .set({ state: "ready" })
        .where((attr, op) => op.eq(attr.state, "deleting"))
        .go()
        .catch(ignoreCondition);
      throw mediaErrors.inUse(blocking);
    }
  }
  await deleteObjects(item.objectKey, item.thumbnailKey);
  await forgetUsages(workspaceId, item.mediaId);
  await db().entities.media.delete(key).go();
  await Activity.record({
    action: "media.deleted",
    subjectType: "media",
    subjectId: item.mediaId,
    summary: `Deleted ${item.kind} “${item.name}”`,
  });
});
