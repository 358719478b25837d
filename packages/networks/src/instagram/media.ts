import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { checkPublishingQuota, waitForContainer } from "../kit/meta-graph.ts";
import type { MediaItem } from "../types.ts";
import { type InstagramApi, type InstagramLogin, instagramName } from "./api.ts";
import type { InstagramPostType } from "./rules.ts";

const created = z.object({ id: z.string() });
const container = z.object({ status_code: z.string(), status: z.string().optional() });

export interface InstagramTarget {
  ig: InstagramApi;
  login: InstagramLogin;
  accessToken: string;
  /** The Instagram professional account's id. */
  userId: string;
  username?: string;
}

/**
 * Content publishing (developers.facebook.com/docs/instagram-platform/content-publishing): look
 * at the 24-hour quota (content_publishing_limit), create a container with POST /{ig-user-id}/media
 * (Instagram fetches the file from the URL), wait for its status_code to be FINISHED, then
 * POST /{ig-user-id}/media_publish with the container as creation_id. Carousel items are
 * containers of their own (is_carousel_item) gathered into a CAROUSEL container. Returns the
 * published media's id.
 */
export async function publishMedia(
  target: InstagramTarget,
  type: InstagramPostType,
  caption: string,
  media: MediaItem[],
): Promise<string> {
  checkPublishingQuota(
    instagramName,
    await target.ig.http.json({
      operation: "check publishing limit",
      url: target.ig.graph(target.login, `/${target.userId}/content_publishing_limit`),
      query: { fields: "quota_usage,config" },
      bearer: target.accessToken,
    }),
  );
  let creation: string;
  if (type === "carousel") {
    const children: string[] = [];
    for (const item of media) {
      children.push(await createContainer(target, { is_carousel_item: "true", ...source(item) }));
    }
    for (const child of children) await waitFor(target, child);
    creation = await createContainer(target, {
      media_type: "CAROUSEL",
      children: children.join(","),
      ...(caption ? { caption } : {}),
    });
  } else {
    const [item] = media;
    if (item === undefined) throw new Error("an Instagram post needs media; the rules say so");
    const fields =
      type === "reel"
        ? { media_type: "REELS", video_url: item.url, share_to_feed: "true" }
        : type === "story"
          ? { ...source(item, false), media_type: "STORIES" }
          : source(item);
    // Stories show no caption.
    creation = await createContainer(target, {
      ...fields,
      ...(caption && type !== "story" ? { caption } : {}),
    });
  }
  await waitFor(target, creation);
  const published = await target.ig.http.json({
    operation: "publish",
    url: target.ig.graph(target.login, `/${target.userId}/media_publish`),
    bearer: target.accessToken,
    form: { creation_id: creation },
  });
  return parseBody(instagramName, "publish", created, published).id;
}

/** image_url (with alt text) for images, video_url for videos. */
function source(item: MediaItem, withAltText = true): Record<string, string> {
  if (item.mimeType.startsWith("video/")) return { media_type: "VIDEO", video_url: item.url };
  return {
    image_url: item.url,
    ...(withAltText && item.altText ? { alt_text: item.altText } : {}),
  };
}

async function createContainer(
  target: InstagramTarget,
  form: Record<string, string>,
): Promise<string> {
  const body = await target.ig.http.json({
    operation: "upload media",
    url: target.ig.graph(target.login, `/${target.userId}/media`),
    bearer: target.accessToken,
    form,
  });
  return parseBody(instagramName, "upload media", created, body).id;
}

async function waitFor(target: InstagramTarget, id: string): Promise<void> {
  await waitForContainer(instagramName, async () => {
    const body = parseBody(
      instagramName,
      "check media processing",
      container,
      await target.ig.http.json({
        operation: "check media processing",
        url: target.ig.graph(target.login, `/${id}`),
        query: { fields: "status_code,status" },
        bearer: target.accessToken,
      }),
    );
    return { state: body.status_code, reason: body.status };
  });
}
