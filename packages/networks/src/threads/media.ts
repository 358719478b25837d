import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { checkPublishingQuota, waitForContainer } from "../kit/meta-graph.ts";
import type { MediaItem } from "../types.ts";
import { type ThreadsApi, threadsName } from "./api.ts";

const created = z.object({ id: z.string() });
const container = z.object({ status: z.string(), error_message: z.string().optional() });

export interface ThreadsTarget {
  th: ThreadsApi;
  accessToken: string;
  userId: string;
}

/** GET /{user}/threads_publishing_limit: 250 API posts per rolling 24 hours. */
export async function checkThreadsQuota(target: ThreadsTarget): Promise<void> {
  checkPublishingQuota(
    threadsName,
    await target.th.http.json({
      operation: "check publishing limit",
      url: target.th.url(`/${target.userId}/threads_publishing_limit`),
      query: { fields: "quota_usage,config" },
      bearer: target.accessToken,
    }),
  );
}

/**
 * One Threads post (developers.facebook.com/docs/threads/posts): a TEXT, IMAGE or VIDEO container
 * made with POST /{user-id}/threads (Threads fetches the file from the URL), or carousel items
 * (is_carousel_item) gathered in a CAROUSEL container; a reply names the post above in
 * reply_to_id. Once the container's status is FINISHED, POST /{user-id}/threads_publish. Returns
 * the published post's id.
 */
export async function publishThreadsPost(
  target: ThreadsTarget,
  part: { text: string; media: MediaItem[] },
  replyToId: string | undefined,
): Promise<string> {
  const text: Record<string, string> = part.text === "" ? {} : { text: part.text };
  const reply: Record<string, string> = replyToId ? { reply_to_id: replyToId } : {};
  let creation: string;
  if (part.media.length > 1) {
    const children: string[] = [];
    for (const item of part.media) {
      children.push(await createContainer(target, { is_carousel_item: "true", ...source(item) }));
    }
    for (const child of children) await waitFor(target, child);
    creation = await createContainer(target, {
      media_type: "CAROUSEL",
      children: children.join(","),
      ...text,
      ...reply,
    });
  } else {
    const [item] = part.media;
    creation = await createContainer(target, {
      ...(item ? source(item) : { media_type: "TEXT" }),
      ...text,
      ...reply,
    });
  }
  await waitFor(target, creation);
  const published = await target.th.http.json({
    operation: replyToId ? "publish reply" : "publish",
    url: target.th.url(`/${target.userId}/threads_publish`),
    bearer: target.accessToken,
    form: { creation_id: creation },
  });
  return parseBody(threadsName, "publish", created, published).id;
}

function source(item: MediaItem): Record<string, string> {
  if (item.mimeType.startsWith("video/")) return { media_type: "VIDEO", video_url: item.url };
  return {
    media_type: "IMAGE",
    image_url: item.url,
    ...(item.altText ? { alt_text: item.altText } : {}),
  };
}

async function createContainer(target: ThreadsTarget, form: Record<string, string>) {
  const body = await target.th.http.json({
    operation: "upload media",
    url: target.th.url(`/${target.userId}/threads`),
    bearer: target.accessToken,
    form,
  });
  return parseBody(threadsName, "upload media", created, body).id;
}

async function waitFor(target: ThreadsTarget, id: string): Promise<void> {
  await waitForContainer(threadsName, async () => {
    const body = parseBody(
      threadsName,
      "check media processing",
      container,
      await target.th.http.json({
        operation: "check media processing",
        url: target.th.url(`/${id}`),
        query: { fields: "status,error_message" },
        bearer: target.accessToken,
      }),
    );
    return { state: body.status, reason: body.error_message };
  });
}
