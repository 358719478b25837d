import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState } from "../state.ts";
import { apiError, ok, tiktokFaultAnswers } from "./answers.ts";
import { openIdOf, tiktokOAuthRoutes } from "./oauth.ts";
import { tiktokPublishRoutes } from "./publish.ts";

type Env = { Variables: { accountId: string } };

/**
 * The TikTok stand-in, mounted at /tiktok: Login Kit OAuth v2, GET /v2/user/info/, the Content
 * Posting API (creator_info, video and photo init, the chunked upload URL, status/fetch), and the
 * Display API's POST /v2/video/query/ and /v2/video/list/ with metrics that grow. Every answer
 * carries TikTok's `error` object; a timeline page per account at /tiktok/@handle.
 */
export function tiktokSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    if (token?.network === "tiktok") return token.accountId;
    const job = state.media.get(c.req.query("upload_id") ?? "");
    return job?.network === "tiktok" ? job.account : undefined;
  };
  app.use("/v2/*", faultGate("tiktok", faults, tiktokFaultAnswers, accountOf));
  app.use("/upload/*", faultGate("tiktok", faults, tiktokFaultAnswers, accountOf));
  tiktokOAuthRoutes(app, state);
  app.use("/v2/*", async (c, next) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    if (
      token?.network !== "tiktok" ||
      token.kind !== "access" ||
      token.revoked ||
      (token.expiresAt ?? Infinity) < state.now()
    ) {
      return apiError(
        c,
        401,
        "access_token_invalid",
        "The access token is invalid or not found in the request.",
      );
    }
    c.set("accountId", token.accountId);
    return next();
  });
  tiktokPublishRoutes(app, state, faults, (c) => c.get("accountId") ?? accountOf(c) ?? "");

  app.get("/v2/user/info/", (c) => {
    const account = state.accountById("tiktok", c.get("accountId"));
    if (!account) return apiError(c, 401, "access_token_invalid", "The access token is invalid.");
    const all: Record<string, string> = {
      open_id: openIdOf(account.id),
      union_id: `union-${account.id}`,
      avatar_url: `${originOf(c)}/_sandbox/media/sample.png?width=100&height=100`,
      display_name: account.displayName,
      username: account.handle,
    };
    const fields = (c.req.query("fields") ?? "").split(",").filter((f) => f in all);
    if (fields.length === 0) return apiError(c, 400, "invalid_params", "fields is required.");
    return ok(c, { user: Object.fromEntries(fields.map((f) => [f, all[f]])) });
  });

  const describe = (post: SandboxPost, fields: string[]) => {
    const m = state.metricsOf(post);
    const all: Record<string, unknown> = {
      id: post.id,
      title: post.text,
      create_time: Math.floor(post.createdAt / 1000),
      like_count: m.likes,
      comment_count: m.replies,
      share_count: m.reposts,
      view_count: m.impressions,
    };
    return Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
  };
  app.post("/v2/video/query/", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { filters?: { video_ids?: string[] } };
    const ids = body.filters?.video_ids ?? [];
    if (ids.length === 0 || ids.length > 20) {
      return apiError(c, 400, "invalid_params", "filters.video_ids must hold 1 to 20 ids.");
    }
    const fields = (c.req.query("fields") ?? "id").split(",");
    const videos = state
      .postsOf("tiktok", c.get("accountId"))
      .filter((p) => ids.includes(p.id) && p.extra.privacy !== "SELF_ONLY")
      .map((p) => describe(p, fields));
    return ok(c, { videos, cursor: 0, has_more: false });
  });
  app.post("/v2/video/list/", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { max_count?: number };
    const fields = (c.req.query("fields") ?? "id").split(",");
    const videos = state
      .postsOf("tiktok", c.get("accountId"))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, Math.min(20, body.max_count ?? 10))
      .map((p) => describe(p, fields));
    return ok(c, { videos, cursor: 0, has_more: false });
  });

  const linkOf = (c: Context) => (post: SandboxPost) =>
    `${originOf(c)}/tiktok/@${post.handle}/${post.extra.kind === "photo" ? "photo" : "video"}/${post.id}`;
  app.get("/:profile{@[^/]+}", (c) => {
    const handle = c.req.param("profile").slice(1);
    const account = state.accountByHandle("tiktok", handle);
    const posts = account ? state.postsOf("tiktok", account.id) : [];
    return c.html(
      timelinePage(state, {
        network: "tiktok",
        networkName: "TikTok",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  });
  app.get("/:profile{@[^/]+}/:kind{video|photo}/:id", (c) => {
    const post = state.posts.find((p) => p.network === "tiktok" && p.id === c.req.param("id"));
    if (!post) return c.html(page("Not found", "<h1>This post does not exist</h1>"), 404);
    return c.html(
      page(
        `${post.handle} on TikTok (sandbox)`,
        `<h1>@${escapeHtml(post.handle)}</h1>${postArticle(state, post, linkOf(c)(post))}`,
      ),
    );
  });
  return app;
}

function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}
