import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import { checkContainer, containerOf, createContainer, fetchMediaUrl } from "../meta/containers.ts";
import { graphError, graphForm, insightsBody } from "../meta/graph.ts";
import type { SandboxAccount, SandboxPost, SandboxState } from "../state.ts";

/** The Threads user a request acts for (its token's), or an error answer. */
export type ThreadsActor = (c: Context, userId: string) => SandboxAccount | Response;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const metrics = ["views", "likes", "replies", "reposts", "quotes", "shares"];
const dayMs = 24 * 3600_000;

/** 500 characters, each emoji counted as its UTF-8 bytes, as the Threads docs say. */
function threadsLength(text: string): number {
  let length = 0;
  for (const { segment } of segmenter.segment(text)) {
    length += /\p{Extended_Pictographic}/u.test(segment) ? Buffer.byteLength(segment) : 1;
  }
  return length;
}

/**
 * Threads publishing (developers.facebook.com/docs/threads/posts): POST /{user-id}/threads makes
 * a TEXT, IMAGE (JPEG or PNG) or VIDEO container, a carousel item, or a CAROUSEL of 2 to 20 items,
 * `reply_to_id` making it a reply; text up to 500 characters and 5 links; GET /{container-id}
 * ?fields=status,error_message; POST /{user-id}/threads_publish once FINISHED, 250 a day
 * (threads_publishing_limit); GET /{media-id}/insights.
 */
export function threadsPostRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  actor: ThreadsActor,
  permalinkOf: (c: Context, post: SandboxPost) => string,
): void {
  app.post("/graph/:version/:userId/threads", async (c) => {
    const user = actor(c, c.req.param("userId"));
    if (user instanceof Response) return user;
    const fields = await graphForm(c);
    const invalid = (message: string) => graphError(c, 400, { message, code: 100 });
    const text = fields.text ?? "";
    if (threadsLength(text) > 500)
      return invalid("Param text must be at most 500 characters long.");
    if (new Set(text.match(/https?:\/\/\S+|\bwww\.\S+/g) ?? []).size > 5) {
      return graphError(c, 400, {
        message: "THREADS_API__LINK_LIMIT_EXCEEDED: a post can contain at most 5 links",
        code: 100,
        subcode: 4279026,
      });
    }
    const kind = fields.media_type ?? "";
    const item = fields.is_carousel_item === "true";
    const replyTo = fields.reply_to_id;
    if (replyTo && !state.posts.some((p) => p.network === "threads" && p.id === replyTo)) {
      return invalid("(#100) The reply_to_id is not a Threads post you can reply to");
    }
    let children: string[] = [];
    const media: { mimeType: string; altText?: string }[] = [];
    if (kind === "TEXT") {
      if (item || text === "")
        return invalid("(#100) A TEXT post needs text and cannot be a carousel item");
    } else if (kind === "CAROUSEL") {
      children = (fields.children ?? "").split(",").filter(Boolean);
      const valid = children.every((id) => {
        const child = containerOf(state, "threads", id);
        return child?.media.account === user.id && child.container.fields.is_carousel_item;
      });
      if (children.length < 2 || children.length > 20 || !valid) {
        return invalid("(#100) A carousel needs 2 to 20 carousel item containers in children");
      }
    } else if (kind === "IMAGE" || kind === "VIDEO") {
      const url = kind === "IMAGE" ? fields.image_url : fields.video_url;
      const fetched = url ? await fetchMediaUrl(url) : { ok: false as const };
      const accepted =
        kind === "IMAGE" ? ["image/jpeg", "image/png"] : ["video/mp4", "video/quicktime"];
      if (!fetched.ok || !accepted.includes(fetched.type)) {
        return invalid(
          `(#100) The ${kind === "IMAGE" ? "image" : "video"} at the URL could not be used`,
        );
      }
      media.push({ mimeType: fetched.type, altText: fields.alt_text });
    } else {
      return invalid(`(#100) media_type must be TEXT, IMAGE, VIDEO or CAROUSEL`);
    }
    const slow = faults.take("threads", user.id, c.req.path, ["slow_media"]);
    const refused = faults.take("threads", user.id, c.req.path, ["reject"]);
    const id = createContainer(state, {
      network: "threads",
      owner: user.id,
      container: { kind, fields, children, media },
      processingPolls: (kind === "VIDEO" ? 2 : 0) + (slow ? (slow.count ?? 3) : 0),
      refused: refused ? (kind === "VIDEO" ? "FAILED_PROCESSING_VIDEO" : "UNKNOWN") : undefined,
    });
    return c.json({ id });
  });

  app.post("/graph/:version/:userId/threads_publish", async (c) => {
    const user = actor(c, c.req.param("userId"));
    if (user instanceof Response) return user;
    state.countReceived("threads");
    const fields = await graphForm(c);
    const found = containerOf(state, "threads", fields.creation_id ?? "");
    const status = checkContainer(state, "threads", fields.creation_id ?? "");
    if (!found || found.media.account !== user.id || found.container.fields.is_carousel_item) {
      return graphError(c, 400, { message: "(#100) Invalid creation_id", code: 100 });
    }
    if (status?.status !== "FINISHED") {
      return graphError(c, 400, {
        message: `The media container is ${status?.status ?? "unknown"} and cannot be published yet`,
        code: 24,
        subcode: 4279009,
      });
    }
    if (publishedToday(state, user.id) >= 250) {
      return graphError(c, 400, { message: "(#4) Application request limit reached", code: 4 });
    }
    const { container } = found;
    const children = container.children.flatMap(
      (child) => containerOf(state, "threads", child)?.container.media ?? [],
    );
    const id = state.nextId();
    state.addPost({
      network: "threads",
      id,
      accountId: user.id,
      handle: user.handle,
      text: container.fields.text ?? "",
      replyTo: container.fields.reply_to_id,
      media: (children.length > 0 ? children : container.media).map((m, i) => ({
        id: `${id}_${i}`,
        ...m,
      })),
      extra: {
        mediaType:
          container.kind === "CAROUSEL"
            ? "CAROUSEL_ALBUM"
            : container.kind === "TEXT"
              ? "TEXT_POST"
              : container.kind,
        shortcode: Buffer.from(id).toString("base64url").slice(-11),
      },
    });
    container.status = "PUBLISHED";
    return c.json({ id });
  });

  app.get("/graph/:version/:userId/threads_publishing_limit", (c) => {
    const user = actor(c, c.req.param("userId"));
    if (user instanceof Response) return user;
    return c.json({
      data: [
        {
          quota_usage: publishedToday(state, user.id),
          config: { quota_total: 250, quota_duration: 86400 },
        },
      ],
    });
  });

  app.get("/graph/:version/:userId/threads", (c) => {
    const user = actor(c, c.req.param("userId"));
    if (user instanceof Response) return user;
    const since = Number(c.req.query("since") ?? 0) * 1000;
    const posts = state
      .postsOf("threads", user.id)
      .filter((p) => p.createdAt >= since)
      .sort((a, b) => b.createdAt - a.createdAt);
    return c.json({ data: posts.map((p) => threadsNode(p, permalinkOf(c, p))) });
  });

  app.get("/graph/:version/:mediaId/insights", (c) => {
    const post = state.postsOf("threads").find((p) => p.id === c.req.param("mediaId"));
    if (!post)
      return graphError(c, 400, { message: "(#100) Unknown media", code: 100, subcode: 33 });
    const user = actor(c, post.accountId);
    if (user instanceof Response) return user;
    const asked = (c.req.query("metric") ?? "").split(",").filter(Boolean);
    if (asked.length === 0 || asked.some((metric) => !metrics.includes(metric))) {
      return graphError(c, 400, {
        message: `(#100) metric must be among ${metrics.join(", ")}`,
        code: 100,
      });
    }
    const m = state.metricsOf(post);
    const values: Record<string, number> = {
      views: m.impressions,
      likes: m.likes,
      replies: m.replies,
      reposts: m.reposts,
      quotes: m.quotes,
      shares: m.bookmarks,
    };
    return c.json(insightsBody(post.id, Object.fromEntries(asked.map((k) => [k, values[k]]))));
  });
}

export function threadsNode(post: SandboxPost, permalink: string) {
  return {
    id: post.id,
    media_product_type: "THREADS",
    media_type: post.extra.mediaType,
    text: post.text,
    permalink,
    username: post.handle,
    timestamp: new Date(post.createdAt).toISOString().replace(/\.\d+Z$/, "+0000"),
    is_reply: post.replyTo !== undefined,
  };
}

function publishedToday(state: SandboxState, accountId: string): number {
  return state
    .postsOf("threads", accountId)
    .filter((p) => !p.replyTo && state.now() - p.createdAt < dayMs).length;
}
