import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import { bearerOf, readParams } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState } from "../state.ts";
import { xMediaRoutes } from "./media.ts";
import { xOAuthRoutes } from "./oauth.ts";
import { invalidRequest, problem, unauthorized, xFaultAnswers } from "./problems.ts";
import { weightedLength } from "./weight.ts";

type Env = { Variables: { accountId: string } };

/**
 * The X stand-in, mounted at /x: OAuth 2.0 with PKCE, GET /2/users/me, POST /2/tweets (weighted
 * 280-character limit, duplicate detection, media and replies), GET /2/tweets/:id with public
 * and owner-only metrics, GET /2/users/:id/tweets (links rewritten to t.co as X does), the
 * chunked media upload, a timeline page per account and a page per post.
 */
export function xSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  // The token endpoint carries no bearer: a refresh names its account by the refresh token, so
  // a fault scoped to one account can fail that account's refresh.
  const accountOf = async (c: Context) => {
    const bearer = bearerOf(c);
    const presented =
      bearer ?? (c.req.method === "POST" ? (await readParams(c)).fields.refresh_token : undefined);
    const token = state.tokens.get(presented ?? "");
    return token?.network === "x" ? token.accountId : undefined;
  };
  app.use("/2/*", faultGate("x", faults, xFaultAnswers, accountOf));
  // Registered before the bearer check: the token endpoints authenticate the client instead.
  xOAuthRoutes(app, state);
  app.use("/2/*", async (c, next) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    if (
      token?.network !== "x" ||
      token.kind !== "access" ||
      token.revoked ||
      (token.expiresAt ?? Infinity) < state.now()
    ) {
      return unauthorized(c);
    }
    c.set("accountId", token.accountId);
    return next();
  });
  xMediaRoutes(app, state, faults, (c) => c.get("accountId"));

  app.get("/2/users/me", (c) => {
    const account = state.accountById("x", c.get("accountId"));
    if (!account) return unauthorized(c);
    return c.json({
      data: {
        id: account.id,
        name: account.displayName,
        username: account.handle,
        profile_image_url: `${originOf(c)}/_sandbox/media/sample.png?width=48&height=48`,
        // X returns public_metrics only when user.fields asks for it.
        ...((c.req.query("user.fields") ?? "").split(",").includes("public_metrics")
          ? { public_metrics: xPublicMetrics(state.accountFiguresOf(account)) }
          : {}),
      },
    });
  });

  app.post("/2/tweets", async (c) => {
    state.countReceived("x");
    const accountId = c.get("accountId");
    const account = state.accountById("x", accountId);
    const body = (await c.req.json().catch(() => ({}))) as {
      text?: string;
      media?: { media_ids?: string[] };
      reply?: { in_reply_to_tweet_id?: string };
    };
    const text = body.text ?? "";
    const mediaIds = body.media?.media_ids ?? [];
    if (text === "" && mediaIds.length === 0)
      return invalidRequest(c, "Either text or media is required", { text });
    if (faults.take("x", accountId, c.req.path, ["reject"])) return xFaultAnswers.rejected(c);
    if (weightedLength(text) > 280) {
      return problem(
        c,
        403,
        "Forbidden",
        "Your Tweet text is too long. For more information on how X determines text length see https://github.com/twitter/twitter-text.",
      );
    }
    const recent = state
      .postsOf("x", accountId)
      .filter((p) => state.now() - p.createdAt < 24 * 3600_000);
    if (text !== "" && recent.some((p) => p.text === text)) return xFaultAnswers.rejected(c);
    const media = mediaIds.map((id) => state.media.get(id));
    if (
      media.some((m) => m?.network !== "x" || m.account !== accountId || m.pendingPolls > 0) ||
      mediaIds.length > 4
    ) {
      return invalidRequest(c, "Your media IDs are invalid.", { "media.media_ids": mediaIds });
    }
    const replyTo = body.reply?.in_reply_to_tweet_id;
    if (replyTo && !state.posts.some((p) => p.network === "x" && p.id === replyTo)) {
      return problem(
        c,
        403,
        "Forbidden",
        "You attempted to reply to a Tweet that is deleted or not visible to you.",
      );
    }
    const post = state.addPost({
      network: "x",
      id: state.nextId(),
      accountId,
      handle: account?.handle ?? accountId,
      text,
      replyTo,
      media: media.flatMap((m) =>
        m ? [{ id: m.id, mimeType: m.mimeType, altText: m.altText }] : [],
      ),
      extra: {},
    });
    return c.json(
      { data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } },
      201,
    );
  });

  app.get("/2/tweets/:id", (c) => {
    const post = state.posts.find((p) => p.network === "x" && p.id === c.req.param("id"));
    if (!post) return c.json({ errors: [notFound(c.req.param("id"))] });
    const fields = (c.req.query("tweet.fields") ?? "").split(",");
    const m = state.metricsOf(post);
    const isOwner = post.accountId === c.get("accountId");
    const recent = state.now() - post.createdAt < 30 * 24 * 3600_000;
    if (fields.includes("non_public_metrics") && (!isOwner || !recent)) {
      return problem(
        c,
        400,
        "Invalid Request",
        "Sorry, you are not authorized to access non_public_metrics on this Tweet.",
      );
    }
    return c.json({
      data: {
        id: post.id,
        text: post.text,
        edit_history_tweet_ids: [post.id],
        ...(fields.includes("public_metrics")
          ? {
              public_metrics: {
                retweet_count: m.reposts,
                reply_count: m.replies,
                like_count: m.likes,
                quote_count: m.quotes,
                bookmark_count: m.bookmarks,
                impression_count: m.impressions,
              },
            }
          : {}),
        ...(fields.includes("non_public_metrics")
          ? {
              non_public_metrics: {
                impression_count: m.impressions,
                url_link_clicks: m.linkClicks,
                user_profile_clicks: Math.floor(m.linkClicks / 2),
              },
            }
          : {}),
      },
    });
  });

  app.get("/2/users/:id/tweets", (c) => {
    const since = Date.parse(c.req.query("start_time") ?? "") || 0;
    const max = Math.min(100, Math.max(5, Number(c.req.query("max_results") ?? 10)));
    const tweets = state
      .postsOf("x", c.req.param("id"))
      .filter((p) => p.createdAt >= since)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, max)
      .map((p) => ({
        id: p.id,
        text: shortenLinks(p.text),
        created_at: new Date(p.createdAt).toISOString(),
        edit_history_tweet_ids: [p.id],
      }));
    return c.json({
      data: tweets.length > 0 ? tweets : undefined,
      meta: { result_count: tweets.length, newest_id: tweets[0]?.id, oldest_id: tweets.at(-1)?.id },
    });
  });

  const linkOf = (c: Context) => (post: SandboxPost) =>
    `${originOf(c)}/x/${post.handle}/status/${post.id}`;
  app.get("/timeline/:handle", (c) => {
    const handle = c.req.param("handle");
    const account = state.accountByHandle("x", handle);
    const posts = account ? state.postsOf("x", account.id) : [];
    return c.html(
      timelinePage(state, { network: "x", networkName: "X", handle, posts, linkOf: linkOf(c) }),
    );
  });
  app.get("/:username/status/:id", (c) => {
    const post = state.posts.find((p) => p.network === "x" && p.id === c.req.param("id"));
    if (!post) return c.html(page("Not found", "<h1>This post does not exist</h1>"), 404);
    return c.html(
      page(
        `${post.handle} on X (sandbox)`,
        `<h1>@${escapeHtml(post.handle)}</h1>${postArticle(state, post, linkOf(c)(post))}`,
      ),
    );
  });
  return app;
}

function notFound(id: string) {
  return {
    value: id,
    detail: `Could not find tweet with id: [${id}].`,
    title: "Not Found Error",
    resource_type: "tweet",
    parameter: "id",
    resource_id: id,
    type: "https://api.twitter.com/2/problems/resource-not-found",
  };
}

/** X shows every link as a 23-character t.co link. */
function shortenLinks(text: string): string {
  return text.replace(
    /https?:\/\/\S+/g,
    (url) => `https://t.co/${Buffer.from(url).toString("base64url").slice(0, 10)}`,
  );
}

export function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}

/** X's user public_metrics object, with its five counts (listed and likes are made up). */
function xPublicMetrics(figures: { followers: number; following: number; posts: number }) {
  return {
    followers_count: figures.followers,
    following_count: figures.following,
    tweet_count: figures.posts,
    listed_count: Math.floor(figures.followers / 100),
    like_count: figures.posts * 3,
  };
}
