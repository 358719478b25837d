import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import { checkContainer, containerOf, createContainer, fetchMediaUrl } from "../meta/containers.ts";
import { graphError, graphForm, insightsBody } from "../meta/graph.ts";
import type { SandboxAccount, SandboxPost, SandboxState } from "../state.ts";

/** The Instagram account a request may act for (its token's), or an error answer. */
export type InstagramActor = (c: Context, igUserId: string) => Promise<SandboxAccount | Response>;

const mediaMetrics = [
  "views",
  "reach",
  "likes",
  "comments",
  "saved",
  "shares",
  "total_interactions",
];
const retiredMetrics = ["impressions", "plays", "video_views", "clips_replays_count"];
const dayMs = 24 * 3600_000;
const quotaTotal = 100;

/**
 * Instagram content publishing (developers.facebook.com/docs/instagram-platform/content-
 * publishing), the same on graph.instagram.com and graph.facebook.com: POST /{ig-user-id}/media
 * makes a container from image_url (JPEG only, 4:5 to 1.91:1 for the feed) or video_url (REELS,
 * STORIES, or VIDEO as a carousel item), or a CAROUSEL of 2 to 10 finished items; GET
 * /{container-id}?fields=status_code,status; POST /{ig-user-id}/media_publish with creation_id
 * once FINISHED, at most 100 a day (content_publishing_limit); POST /{media-id}/comments; GET
 * /{media-id}/insights with the metrics left since v22.0 (views replaced impressions and plays).
 */
export function instagramContentRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  actor: InstagramActor,
): void {
  app.post("/graph/:version/:igUserId/media", async (c) => {
    const user = await actor(c, c.req.param("igUserId"));
    if (user instanceof Response) return user;
    const fields = await graphForm(c);
    const made = await makeContainer(c, state, faults, user, fields);
    return typeof made === "string" ? c.json({ id: made }) : made;
  });

  app.post("/graph/:version/:igUserId/media_publish", async (c) => {
    const user = await actor(c, c.req.param("igUserId"));
    if (user instanceof Response) return user;
    state.countReceived("instagram");
    const fields = await graphForm(c);
    const found = containerOf(state, "instagram", fields.creation_id ?? "");
    const status = checkContainer(state, "instagram", fields.creation_id ?? "");
    if (!found || found.media.account !== user.id || found.container.fields.is_carousel_item) {
      return graphError(c, 400, { message: "(#100) Invalid creation_id", code: 100 });
    }
    if (status?.status !== "FINISHED") {
      return graphError(c, 400, {
        message: "Media ID is not available",
        code: 9007,
        subcode: 2207027,
        userMessage: "The media is not ready for publishing, please wait for a moment",
      });
    }
    if (publishedToday(state, user.id) >= quotaTotal) {
      return graphError(c, 400, {
        message: "Application request limit reached",
        code: 9,
        subcode: 2207042,
        userMessage: "You reached the maximum number of posts that is allowed to be published.",
      });
    }
    const { container } = found;
    const children = container.children.flatMap(
      (id) => containerOf(state, "instagram", id)?.container.media ?? [],
    );
    const id = state.nextId();
    const shortcode = Buffer.from(id).toString("base64url").slice(-11);
    state.addPost({
      network: "instagram",
      id,
      accountId: user.id,
      handle: user.handle,
      text: container.fields.caption ?? "",
      media: (children.length > 0 ? children : container.media).map((m, i) => ({
        id: `${id}_${i}`,
        ...m,
      })),
      extra: {
        mediaType:
          container.kind === "CAROUSEL"
            ? "CAROUSEL_ALBUM"
            : container.media[0]?.mimeType.startsWith("video/")
              ? "VIDEO"
              : "IMAGE",
        productType:
          container.kind === "REELS" ? "REELS" : container.kind === "STORIES" ? "STORY" : "FEED",
        shortcode,
      },
    });
    container.status = "PUBLISHED";
    return c.json({ id });
  });

  app.get("/graph/:version/:igUserId/content_publishing_limit", async (c) => {
    const user = await actor(c, c.req.param("igUserId"));
    if (user instanceof Response) return user;
    return c.json({
      data: [
        {
          quota_usage: publishedToday(state, user.id),
          config: { quota_total: quotaTotal, quota_duration: 86400 },
        },
      ],
    });
  });

  app.get("/graph/:version/:igUserId/media", async (c) => {
    const user = await actor(c, c.req.param("igUserId"));
    if (user instanceof Response) return user;
    const posts = state
      .postsOf("instagram", user.id)
      .filter((p) => !p.replyTo)
      .sort((a, b) => b.createdAt - a.createdAt);
    return c.json({ data: posts.map((p) => mediaNode(state, p, webOf(c))) });
  });

  app.post("/graph/:version/:mediaId/comments", async (c, next) => {
    const media = instagramPost(state, c.req.param("mediaId"));
    if (!media) return next();
    const user = await actor(c, media.accountId);
    if (user instanceof Response) return user;
    const fields = await graphForm(c);
    if (media.extra.productType === "STORY" || !fields.message) {
      return graphError(c, 400, { message: "(#100) Unsupported post request", code: 100 });
    }
    const comment = state.addPost({
      network: "instagram",
      id: state.nextId(),
      accountId: user.id,
      handle: user.handle,
      text: fields.message,
      replyTo: media.id,
      media: [],
      extra: { kind: "comment" },
    });
    return c.json({ id: comment.id });
  });

  app.get("/graph/:version/:mediaId/insights", async (c, next) => {
    const media = instagramPost(state, c.req.param("mediaId"));
    if (!media) return next();
    const user = await actor(c, media.accountId);
    if (user instanceof Response) return user;
    const asked = (c.req.query("metric") ?? "").split(",").filter(Boolean);
    const retired = asked.find((metric) => retiredMetrics.includes(metric));
    if (retired || asked.some((metric) => !mediaMetrics.includes(metric))) {
      return graphError(c, 400, {
        message: `(#100) metric[0] must be one of the following values: ${mediaMetrics.join(", ")}${retired ? ` (${retired} is no longer supported since v22.0)` : ""}`,
        code: 100,
      });
    }
    const m = state.metricsOf(media);
    const values: Record<string, number> = {
      views: m.impressions,
      reach: Math.floor(m.impressions * 0.8),
      likes: m.likes,
      comments: m.replies,
      saved: m.bookmarks,
      shares: m.reposts,
      total_interactions: m.likes + m.replies + m.bookmarks + m.reposts,
    };
    return c.json(insightsBody(media.id, Object.fromEntries(asked.map((k) => [k, values[k]]))));
  });
}

/** GET /{id} for a container or a published media, if the id is one. */
export async function instagramNode(
  c: Context,
  state: SandboxState,
  actor: InstagramActor,
  id: string,
): Promise<Response | undefined> {
  const found = containerOf(state, "instagram", id);
  if (found) {
    const user = await actor(c, found.media.account);
    if (user instanceof Response) return user;
    const status = checkContainer(state, "instagram", id);
    return c.json({
      id,
      status_code: status?.status,
      ...(status?.reason ? { status: status.reason } : { status: status?.status }),
    });
  }
  const media = instagramPost(state, id);
  if (!media) return undefined;
  const user = await actor(c, media.accountId);
  if (user instanceof Response) return user;
  return c.json(mediaNode(state, media, webOf(c)));
}

function mediaNode(state: SandboxState, post: SandboxPost, web: string) {
  const m = state.metricsOf(post);
  return {
    id: post.id,
    caption: post.text,
    media_type: post.extra.mediaType,
    media_product_type: post.extra.productType,
    permalink: `${web}/p/${post.extra.shortcode}/`,
    timestamp: new Date(post.createdAt).toISOString().replace(/\.\d+Z$/, "+0000"),
    username: post.handle,
    like_count: m.likes,
    comments_count: m.replies,
  };
}

export function webOf(c: Context): string {
  return `${new URL(c.req.url).origin}/instagram/web`;
}

function instagramPost(state: SandboxState, id: string): SandboxPost | undefined {
  return state.posts.find((p) => p.network === "instagram" && p.id === id && !p.replyTo);
}

function publishedToday(state: SandboxState, accountId: string): number {
  return state
    .postsOf("instagram", accountId)
    .filter((p) => !p.replyTo && state.now() - p.createdAt < dayMs).length;
}

async function makeContainer(
  c: Context,
  state: SandboxState,
  faults: Faults,
  user: SandboxAccount,
  fields: Record<string, string>,
): Promise<string | Response> {
  const caption = fields.caption ?? "";
  const invalid = (message: string, code = 100, subcode?: number) =>
    graphError(c, 400, { message, code, subcode });
  if ([...caption].length > 2200)
    return invalid("(#100) The caption is longer than 2200 characters.");
  if ((caption.match(/#\p{L}/gu) ?? []).length > 30)
    return invalid("(#100) The caption has more than 30 hashtags.");
  if ((caption.match(/@\w/g) ?? []).length > 20)
    return invalid("(#100) The caption mentions more than 20 accounts.");
  const kind = fields.media_type ?? "IMAGE";
  const item = fields.is_carousel_item === "true";
  let children: string[] = [];
  if (kind === "CAROUSEL") {
    children = (fields.children ?? "").split(",").filter(Boolean);
    const valid = children.every((id) => {
      const child = containerOf(state, "instagram", id);
      return child?.media.account === user.id && child.container.fields.is_carousel_item;
    });
    if (children.length < 2 || children.length > 10 || !valid) {
      return invalid("(#100) A carousel needs 2 to 10 carousel item containers in children.");
    }
  } else if (kind === "VIDEO" && !item) {
    return invalid("(#100) The VIDEO media type is only for carousel items; use REELS.");
  } else if (!["IMAGE", "VIDEO", "REELS", "STORIES"].includes(kind)) {
    return invalid(`(#100) Unsupported media_type ${kind}`);
  }
  const url = kind === "CAROUSEL" ? undefined : (fields.video_url ?? fields.image_url);
  const media: { mimeType: string; altText?: string }[] = [];
  if (url !== undefined) {
    const fetched = await fetchMediaUrl(url);
    const video = fields.video_url !== undefined;
    if (!fetched.ok || !fetched.type.startsWith(video ? "video/" : "image/")) {
      return invalid(
        "Media download has failed. The media URI doesn't meet our requirements.",
        9004,
        2207052,
      );
    }
    if (!video && fetched.type !== "image/jpeg") {
      return invalid(
        "Only photo or video can be accepted as media type: the image must be JPEG.",
        36001,
        2207083,
      );
    }
    const ratio = (fetched.width ?? 1) / (fetched.height ?? 1);
    if (!video && kind !== "STORIES" && (ratio < 0.8 || ratio > 1.91)) {
      return invalid(
        `The submitted image with aspect ratio ('${fetched.width}:${fetched.height}') cannot be published. Please submit an image with a valid aspect ratio.`,
        36003,
        2207009,
      );
    }
    media.push({ mimeType: fetched.type, altText: fields.alt_text });
  } else if (kind !== "CAROUSEL") {
    return invalid("(#100) image_url or video_url is required");
  }
  const slow = faults.take("instagram", user.id, c.req.path, ["slow_media"]);
  const refused = faults.take("instagram", user.id, c.req.path, ["reject"]);
  const isVideo = media[0]?.mimeType.startsWith("video/") ?? false;
  return createContainer(state, {
    network: "instagram",
    owner: user.id,
    container: { kind, fields, children, media },
    processingPolls: (isVideo ? 2 : 0) + (slow ? (slow.count ?? 3) : 0),
    refused: refused
      ? "Error: The media was not published because it goes against Instagram's Community Guidelines (2207051)."
      : undefined,
  });
}
