import type { Context, Env, Hono } from "hono";
import type { Faults } from "../faults.ts";
import { fetchMediaUrl } from "../meta/containers.ts";
import { graphError, graphForm, insightsBody } from "../meta/graph.ts";
import type { SandboxAccount, SandboxPost, SandboxState } from "../state.ts";

/** The Page a request acts for: its Page token's Page, or an error answer. */
export type PageOf = (c: Context, pageId: string) => Promise<SandboxAccount | Response>;

const postInsights = [
  "post_media_view",
  "post_total_media_view_unique",
  "post_reactions_by_type_total",
  "post_clicks",
];

/**
 * Page publishing (developers.facebook.com/docs/pages-api/posts): POST /{page-id}/feed with
 * `message`, `link` and `attached_media[n]={"media_fbid": …}`; POST /{page-id}/photos with a
 * `url` Facebook fetches (published, or `published=false` to attach later); POST /{object}/comments;
 * GET /{post-id}/insights with the post metrics Meta still serves (impressions are gone since
 * November 2025); GET /{page-id}/posts.
 */
export function facebookPostRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  pageOf: PageOf,
  webOf: (c: Context) => string,
): void {
  const create = (post: Omit<SandboxPost, "createdAt" | "network">) =>
    state.addPost({ ...post, network: "facebook" });

  app.post("/graph/:version/:pageId/feed", async (c) => {
    state.countReceived("facebook");
    const page = await pageOf(c, c.req.param("pageId"));
    if (page instanceof Response) return page;
    const fields = await graphForm(c);
    const message = fields.message ?? "";
    const attached = Object.entries(fields)
      .filter(([key]) => /^attached_media\[\d+\]$/.test(key))
      .map(([, value]) => (JSON.parse(value) as { media_fbid?: string }).media_fbid ?? "");
    const photos = attached.map((id) => state.media.get(id));
    if (photos.some((photo) => photo?.network !== "facebook" || photo.account !== page.id)) {
      return graphError(c, 400, {
        message: "(#100) param attached_media must be an array of valid unpublished photo ids",
        code: 100,
      });
    }
    if (message === "" && !fields.link && attached.length === 0) {
      return graphError(c, 400, { message: "(#100) Missing message or attachment", code: 100 });
    }
    const refused = refusal(c, state, faults, page, message);
    if (refused) return refused;
    const post = create({
      id: `${page.id}_${state.nextId()}`,
      accountId: page.id,
      handle: page.handle,
      text: message,
      media: photos.flatMap((p) =>
        p ? [{ id: p.id, mimeType: p.mimeType, altText: p.altText }] : [],
      ),
      extra: {
        kind: attached.length > 0 ? "photos" : fields.link ? "link" : "status",
        ...(fields.link ? { card: { uri: fields.link, title: fields.link } } : {}),
      },
    });
    return c.json({ id: post.id });
  });

  app.post("/graph/:version/:pageId/photos", async (c) => {
    const page = await pageOf(c, c.req.param("pageId"));
    if (page instanceof Response) return page;
    const fields = await graphForm(c);
    const fetched = fields.url ? await fetchMediaUrl(fields.url) : { ok: false as const };
    if (!fetched.ok || !fetched.type.startsWith("image/")) {
      return graphError(c, 400, { message: "(#324) Missing or invalid image file", code: 324 });
    }
    const photoId = state.nextId();
    if (fields.published === "false") {
      state.media.set(photoId, {
        id: photoId,
        network: "facebook",
        account: page.id,
        mimeType: fetched.type,
        bytes: new Uint8Array(0),
        altText: fields.alt_text_custom,
        pendingPolls: 0,
        createdAt: state.now(),
      });
      return c.json({ id: photoId });
    }
    state.countReceived("facebook");
    const refused = refusal(c, state, faults, page, fields.message ?? "");
    if (refused) return refused;
    const post = create({
      id: `${page.id}_${photoId}`,
      accountId: page.id,
      handle: page.handle,
      text: fields.message ?? "",
      media: [{ id: photoId, mimeType: fetched.type, altText: fields.alt_text_custom }],
      extra: { kind: "photo" },
    });
    return c.json({ id: photoId, post_id: post.id });
  });

  app.post("/graph/:version/:objectId/comments", async (c, next) => {
    const target = state.postsOf("facebook").find((p) => p.id === c.req.param("objectId"));
    if (!target) return next();
    const page = await pageOf(c, target.accountId);
    if (page instanceof Response) return page;
    const fields = await graphForm(c);
    if (!fields.message)
      return graphError(c, 400, { message: "(#100) Missing message", code: 100 });
    const comment = create({
      id: `${target.id.split("_").pop()}_${state.nextId()}`,
      accountId: page.id,
      handle: page.handle,
      text: fields.message,
      replyTo: target.id,
      media: [],
      extra: { kind: "comment" },
    });
    return c.json({ id: comment.id });
  });

  app.get("/graph/:version/:postId/insights", async (c, next) => {
    const post = state.postsOf("facebook").find((p) => p.id === c.req.param("postId"));
    if (!post) return next();
    const page = await pageOf(c, post.accountId);
    if (page instanceof Response) return page;
    const asked = (c.req.query("metric") ?? "").split(",").filter(Boolean);
    const unknown = asked.find((metric) => !postInsights.includes(metric));
    if (unknown || asked.length === 0) {
      return graphError(c, 400, {
        message: "(#100) The value must be a valid insights metric",
        code: 100,
      });
    }
    const m = state.metricsOf(post);
    const values: Record<string, unknown> = {
      post_media_view: m.impressions,
      post_total_media_view_unique: Math.floor(m.impressions * 0.7),
      post_reactions_by_type_total: { like: m.likes, love: Math.floor(m.likes / 3) },
      post_clicks: m.linkClicks,
    };
    return c.json(insightsBody(post.id, Object.fromEntries(asked.map((k) => [k, values[k]]))));
  });

  app.get("/graph/:version/:pageId/posts", async (c) => {
    const page = await pageOf(c, c.req.param("pageId"));
    if (page instanceof Response) return page;
    const since = Number(c.req.query("since") ?? 0) * 1000;
    const posts = state
      .postsOf("facebook", page.id)
      .filter((p) => p.extra.kind !== "comment" && p.createdAt >= since)
      .sort((a, b) => b.createdAt - a.createdAt);
    return c.json({ data: posts.map((p) => postNode(state, p, webOf(c))) });
  });
}

/** A post as GET /{post-id} answers it. */
export function postNode(state: SandboxState, post: SandboxPost, web: string) {
  const comments = state.posts.filter((p) => p.replyTo === post.id).length;
  const shares = state.metricsOf(post).reposts;
  return {
    id: post.id,
    message: post.text,
    created_time: new Date(post.createdAt).toISOString().replace(/\.\d+Z$/, "+0000"),
    permalink_url: `${web}/${post.accountId}/posts/${post.id.split("_").pop()}`,
    ...(shares > 0 ? { shares: { count: shares } } : {}),
    comments: { data: [], summary: { order: "ranked", total_count: comments, can_comment: true } },
  };
}

/** The reject fault (a policy block) and Facebook's duplicate check on a Page's recent posts. */
function refusal(
  c: Context,
  state: SandboxState,
  faults: Faults,
  page: SandboxAccount,
  message: string,
): Response | undefined {
  if (faults.take("facebook", page.id, c.req.path, ["reject"])) {
    return graphError(c, 400, {
      message: "The action attempted has been deemed abusive or is otherwise disallowed",
      code: 368,
      subcode: 1390008,
      userTitle: "Post blocked",
      userMessage: "This post goes against our Community Standards on spam.",
    });
  }
  const recent = state
    .postsOf("facebook", page.id)
    .filter((p) => p.extra.kind !== "comment" && state.now() - p.createdAt < 24 * 3600_000);
  if (message !== "" && recent.some((p) => p.text === message)) {
    return graphError(c, 400, { message: "(#506) Duplicate status message", code: 506 });
  }
  return undefined;
}
