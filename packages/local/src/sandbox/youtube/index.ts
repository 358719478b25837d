import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import { googleBearer, googleError, googleOAuthRoutes } from "../google/oauth.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState } from "../state.ts";
import { channelOf, type VideoExtra, videoResource, youtubeFaultAnswers } from "./resources.ts";
import { youtubeUploadRoutes } from "./upload.ts";

type Env = { Variables: { accountId: string } };

const youtubeScope = "https://www.googleapis.com/auth/youtube";

/**
 * The YouTube stand-in, mounted at /youtube: Google OAuth (/o/oauth2/v2/auth, /token, /revoke),
 * the Data API v3 under /youtube/v3 (channels?mine, videos with status and statistics,
 * commentThreads, playlistItems of the uploads playlist), the resumable upload and
 * thumbnails.set under /upload/youtube/v3, and pages: /watch?v=, /shorts/:id, /@handle.
 */
export function youtubeSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    return token?.network === "youtube" ? token.accountId : undefined;
  };
  const gate = faultGate("youtube", faults, youtubeFaultAnswers, accountOf);
  app.use("/youtube/v3/*", gate);
  // Chunk PUTs take their faults themselves (a broken chunk keeps part of its bytes).
  app.use("/upload/*", (c, next) => (c.req.method === "PUT" ? next() : gate(c, next)));
  googleOAuthRoutes(app, state, "youtube", {
    details: "<p>Choose the channel: a Brand Account's channel signs in under its own name.</p>",
  });
  const bearer = googleBearer(state, "youtube", youtubeScope);
  app.use("/youtube/v3/*", bearer);
  app.use("/upload/*", (c, next) => (c.req.method === "PUT" ? next() : bearer(c, next)));
  youtubeUploadRoutes(app, state, faults, (c) => c.get("accountId"));

  app.get("/youtube/v3/channels", (c) => {
    if (c.req.query("mine") !== "true") return missing(c, "mine");
    const parts = (c.req.query("part") ?? "").split(",");
    const account = state.accountById("youtube", c.get("accountId"));
    const channel = account ? channelOf(account) : undefined;
    const items = channel
      ? [
          {
            kind: "youtube#channel",
            id: channel.id,
            ...(parts.includes("snippet")
              ? {
                  snippet: {
                    title: channel.title,
                    description: "",
                    customUrl: channel.customUrl,
                    thumbnails: {
                      default: {
                        url: `${originOf(c)}/_sandbox/media/sample.png?width=88&height=88`,
                      },
                    },
                  },
                }
              : {}),
            ...(parts.includes("contentDetails")
              ? { contentDetails: { relatedPlaylists: { likes: "", uploads: channel.uploads } } }
              : {}),
          },
        ]
      : [];
    return c.json({
      kind: "youtube#channelListResponse",
      pageInfo: { totalResults: items.length },
      items,
    });
  });

  app.get("/youtube/v3/videos", (c) => {
    const parts = (c.req.query("part") ?? "").split(",");
    const ids = (c.req.query("id") ?? "").split(",").filter(Boolean);
    if (ids.length === 0) return missing(c, "id");
    const items = state.posts
      .filter((p) => p.network === "youtube" && ids.includes(p.id) && !p.replyTo)
      .map((post) => {
        const extra = post.extra as VideoExtra;
        // Each status read moves processing on; the reject fault settles it as rejected.
        if (parts.includes("status") && extra.uploadStatus === "uploaded") {
          extra.processingPolls -= 1;
          if (extra.processingPolls <= 0) {
            extra.uploadStatus = extra.rejectionReason ? "rejected" : "processed";
          }
        }
        return videoResource(state, post, parts);
      });
    return c.json({
      kind: "youtube#videoListResponse",
      pageInfo: { totalResults: items.length },
      items,
    });
  });

  app.post("/youtube/v3/commentThreads", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {
      snippet?: { videoId?: string; topLevelComment?: { snippet?: { textOriginal?: string } } };
    };
    const videoId = body.snippet?.videoId ?? "";
    const text = body.snippet?.topLevelComment?.snippet?.textOriginal ?? "";
    const video = state.posts.find(
      (p) => p.network === "youtube" && p.id === videoId && !p.replyTo,
    );
    if (!video) {
      return googleError(c, {
        code: 404,
        status: "NOT_FOUND",
        message: "The video identified by the videoId parameter could not be found.",
        reason: "videoNotFound",
      });
    }
    if (text.trim() === "" || text.length > 10_000) {
      return googleError(c, {
        code: 400,
        status: "INVALID_ARGUMENT",
        message: "The comment's text is empty or too long.",
        reason: "commentTextTooLong",
      });
    }
    const account = state.accountById("youtube", c.get("accountId"));
    const comment = state.addPost({
      network: "youtube",
      id: `Ug${state.nextId()}`,
      accountId: c.get("accountId"),
      handle: account?.handle ?? "",
      text,
      replyTo: videoId,
      media: [],
      extra: {},
    });
    return c.json({
      kind: "youtube#commentThread",
      id: comment.id,
      snippet: {
        channelId: (video.extra as VideoExtra).channelId,
        videoId,
        topLevelComment: {
          kind: "youtube#comment",
          id: comment.id,
          snippet: {
            videoId,
            textOriginal: text,
            textDisplay: text,
            authorDisplayName: account?.displayName,
          },
        },
        canReply: true,
        totalReplyCount: 0,
        isPublic: true,
      },
    });
  });

  app.get("/youtube/v3/playlistItems", (c) => {
    const account = state.accountById("youtube", c.get("accountId"));
    const channel = account ? channelOf(account) : undefined;
    if (!channel || c.req.query("playlistId") !== channel.uploads) {
      return googleError(c, {
        code: 404,
        status: "NOT_FOUND",
        message: "The playlist identified with the request's playlistId parameter cannot be found.",
        reason: "playlistNotFound",
      });
    }
    const max = Math.min(50, Number(c.req.query("maxResults") ?? 5));
    const items = state
      .postsOf("youtube", account?.id)
      .filter((p) => !p.replyTo)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, max)
      .map((post) => ({
        kind: "youtube#playlistItem",
        id: `PI${post.id}`,
        snippet: {
          publishedAt: new Date(post.createdAt).toISOString(),
          channelId: channel.id,
          title: (post.extra as VideoExtra).title,
          description: post.text,
          playlistId: channel.uploads,
          resourceId: { kind: "youtube#video", videoId: post.id },
        },
      }));
    return c.json({ kind: "youtube#playlistItemListResponse", items });
  });

  const linkOf = (c: Context) => (post: SandboxPost) => `${originOf(c)}/youtube/watch?v=${post.id}`;
  const videoPage = (c: Context, id: string) => {
    const post = state.posts.find((p) => p.network === "youtube" && p.id === id && !p.replyTo);
    if (!post) return c.html(page("Not found", "<h1>This video isn't available</h1>"), 404);
    const title = (post.extra as VideoExtra).title;
    return c.html(
      page(
        `${title} - YouTube (sandbox)`,
        `<h1>${escapeHtml(title)}</h1>${postArticle(state, post, linkOf(c)(post))}`,
      ),
    );
  };
  app.get("/watch", (c) => videoPage(c, c.req.query("v") ?? ""));
  app.get("/shorts/:id", (c) => videoPage(c, c.req.param("id")));
  app.get("/:handle{@[^/]+}", (c) => {
    const handle = c.req.param("handle").slice(1);
    const account = state.accountByHandle("youtube", handle);
    const posts = account
      ? state
          .postsOf("youtube", account.id)
          .filter((p) => !p.replyTo && p.extra.uploadStatus !== "rejected")
      : [];
    return c.html(
      timelinePage(state, {
        network: "youtube",
        networkName: "YouTube",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  });
  return app;
}

function missing(c: Context, parameter: string): Response {
  return googleError(c, {
    code: 400,
    status: "INVALID_ARGUMENT",
    message: `No filter selected. Expected one of: ${parameter}`,
    reason: "missingRequiredParameter",
  });
}

function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}
