import { z } from "zod";
import { errorFromResponse, isNetworkError } from "../kit/error.ts";
import { serverAddress } from "../kit/http.ts";
import { parseBody } from "../kit/json.ts";
import { comparableText, isSince } from "../kit/reconcile.ts";
import { publishThread } from "../kit/thread.ts";
import type { Network, NetworkConfig, PostMetrics } from "../types.ts";
import { apiFor, blueskyName, createBlueskyApi, didOf, sessionApiFor } from "./api.ts";
import { createPost, type StrongRef } from "./post.ts";
import { createSession, deleteSession, refreshSession } from "./session.ts";

const profileRecord = z.object({
  value: z.object({
    displayName: z.string().optional(),
    avatar: z.object({ ref: z.object({ $link: z.string() }) }).optional(),
  }),
});
const postView = z.object({
  uri: z.string(),
  likeCount: z.number().optional(),
  repostCount: z.number().optional(),
  replyCount: z.number().optional(),
  quoteCount: z.number().optional(),
  bookmarkCount: z.number().optional(),
});
const records = z.object({
  records: z.array(
    z.object({
      uri: z.string(),
      cid: z.string(),
      value: z.object({ text: z.string(), createdAt: z.string() }),
    }),
  ),
});

/**
 * Bluesky through a handle and an app password (com.atproto.server.createSession). Bluesky's
 * OAuth is not offered: it needs DPoP-bound tokens, pushed authorization requests and a client
 * metadata document published at a public HTTPS URL that serves as the client id; see the
 * package notes. Posts, blobs and listings go to the account's PDS; likes and reposts come from
 * the AppView through the PDS (app.bsky.feed.getPosts).
 */
export function createBluesky(config: NetworkConfig): Network {
  return {
    id: "bluesky",
    displayName: "Bluesky",
    connect: {
      method: "app_password",
      signIn: (input) =>
        createSession(
          createBlueskyApi(
            config,
            input.server && serverAddress(blueskyName, input.server, "bsky.social"),
          ),
          input.identifier.replace(/^@/, ""),
          input.password,
        ),
      refresh: (tokens) => refreshSession(sessionApiFor(config, tokens), tokens),
      revoke: (tokens) => deleteSession(sessionApiFor(config, tokens), tokens),
    },

    async profile(tokens) {
      const api = apiFor(config, tokens);
      const did = didOf(tokens);
      const session = z.object({ did: z.string(), handle: z.string() });
      const me = parseBody(
        blueskyName,
        "read profile",
        session,
        await api.http.json({
          operation: "read profile",
          url: api.xrpc("com.atproto.server.getSession"),
          bearer: tokens.accessToken,
        }),
      );
      // The profile record is optional: a new account may not have one yet.
      const record = await api.http
        .json({
          operation: "read profile",
          url: api.xrpc("com.atproto.repo.getRecord"),
          query: { repo: did, collection: "app.bsky.actor.profile", rkey: "self" },
          bearer: tokens.accessToken,
        })
        .then((body) => profileRecord.safeParse(body).data?.value)
        .catch((error) => {
          if (isNetworkError(error) && error.kind === "permanent") return undefined;
          throw error;
        });
      const avatar = record?.avatar?.ref.$link;
      return {
        externalId: me.did,
        handle: me.handle,
        displayName: record?.displayName || me.handle,
        avatarUrl: avatar
          ? `${api.xrpc("com.atproto.sync.getBlob")}?did=${encodeURIComponent(me.did)}&cid=${avatar}`
          : undefined,
        profileUrl: api.profileUrl(me.handle),
      };
    },

    async publish(input) {
      const api = apiFor(config, input.tokens);
      const langs = Array.isArray(input.options?.langs)
        ? input.options.langs.map(String)
        : undefined;
      const linkCards = input.options?.linkCard !== false;
      return publishThread<StrongRef>(
        blueskyName,
        input,
        (part, replyTo) => createPost(api, input.tokens, part, replyTo, { linkCards, langs }),
        (head, children) => ({
          externalId: head.uri,
          url: api.postUrl(input.tokens.context?.handle ?? didOf(input.tokens), head.uri),
          childIds: children.map((child) => child.uri),
        }),
      );
    },

    async findPost(input) {
      const api = apiFor(config, input.tokens);
      const body = await api.http.json({
        operation: "find post",
        url: api.xrpc("com.atproto.repo.listRecords"),
        query: { repo: didOf(input.tokens), collection: "app.bsky.feed.post", limit: 50 },
        bearer: input.tokens.accessToken,
      });
      const wanted = comparableText(input.text);
      const found = parseBody(blueskyName, "find post", records, body).records.find(
        (item) =>
          isSince(item.value.createdAt, input.since) && comparableText(item.value.text) === wanted,
      );
      if (!found) return undefined;
      return {
        externalId: found.uri,
        url: api.postUrl(input.tokens.context?.handle ?? didOf(input.tokens), found.uri),
      };
    },

    async metrics(input) {
      const api = apiFor(config, input.tokens);
      const body = await api.http.json({
        operation: "read metrics",
        url: api.xrpc("app.bsky.feed.getPosts"),
        query: { uris: input.externalId },
        bearer: input.tokens.accessToken,
      });
      const post = parseBody(
        blueskyName,
        "read metrics",
        z.object({ posts: z.array(postView) }),
        body,
      ).posts[0];
      if (!post) {
        throw errorFromResponse(blueskyName, "read metrics", 404, {
          code: "NotFound",
          detail: "post not found",
          userMessage: "Bluesky cannot find this post any more; it may have been deleted.",
        });
      }
      return toMetrics(post);
    },
  };
}

/** Bluesky reports likes, reposts, quotes, replies (and bookmarks on newer AppViews); no impressions. */
function toMetrics(post: z.infer<typeof postView>): PostMetrics {
  const shares =
    post.repostCount === undefined ? undefined : post.repostCount + (post.quoteCount ?? 0);
  return { likes: post.likeCount, shares, comments: post.replyCount, saves: post.bookmarkCount };
}
