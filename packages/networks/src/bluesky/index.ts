import * as z from "zod";
import { errorFromResponse, isNetworkError } from "../kit/error.ts";
import { serverAddress } from "../kit/http.ts";
import { parseBody } from "../kit/json.ts";
import { comparableText, isSince, oldestFirst } from "../kit/reconcile.ts";
import { publishThread } from "../kit/thread.ts";
import type { Network, NetworkConfig, PostMetrics, TokenSet } from "../types.ts";
import {
  apiFor,
  type BlueskyApi,
  blueskyName,
  createBlueskyApi,
  didOf,
  sessionApiFor,
} from "./api.ts";
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
const blob = z.object({
  ref: z.object({ $link: z.string() }),
  mimeType: z.string(),
  size: z.number(),
});
const embed = z
  .object({
    $type: z.string().optional(),
    images: z.array(z.object({ image: blob, alt: z.string().optional() })).optional(),
    video: blob.optional(),
    alt: z.string().optional(),
  })
  .optional()
  .catch(undefined);
const records = z.object({
  records: z.array(
    z.object({
      uri: z.string(),
      cid: z.string(),
      value: z.object({
        text: z.string(),
        createdAt: z.string(),
        reply: z.unknown().optional(),
        embed,
      }),
    }),
  ),
});

/** The images or the video of a post's embed, as blob refs with alt text. */
function embeddedMedia(value: z.infer<typeof embed>) {
  if (!value) return [];
  if (value.images) return value.images.map((item) => ({ ...item.image, alt: item.alt }));
  if (value.video) return [{ ...value.video, alt: value.alt }];
  return [];
}

/** The account's latest posts, newest first (com.atproto.repo.listRecords on its PDS). */
async function listPosts(api: BlueskyApi, tokens: TokenSet, operation: string) {
  const body = await api.http.json({
    operation,
    url: api.xrpc("com.atproto.repo.listRecords"),
    query: { repo: didOf(tokens), collection: "app.bsky.feed.post", limit: 50 },
    bearer: tokens.accessToken,
  });
  return parseBody(blueskyName, operation, records, body).records;
}

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
      const wanted = comparableText(input.text);
      const found = (await listPosts(api, input.tokens, "find post")).find(
        (item) =>
          isSince(item.value.createdAt, input.since) && comparableText(item.value.text) === wanted,
      );
      if (!found) return undefined;
      return {
        externalId: found.uri,
        url: api.postUrl(input.tokens.context?.handle ?? didOf(input.tokens), found.uri),
      };
    },

    async recentPosts(input) {
      const api = apiFor(config, input.tokens);
      const did = didOf(input.tokens);
      const handle = input.tokens.context?.handle ?? did;
      const posts = (await listPosts(api, input.tokens, "list posts")).filter(
        (item) => !item.value.reply && isSince(item.value.createdAt, input.since),
      );
      return oldestFirst(
        posts.map((item) => ({
          externalId: item.uri,
          url: api.postUrl(handle, item.uri),
          text: item.value.text,
          createdAt: item.value.createdAt,
          media: embeddedMedia(item.value.embed).map((blob) => ({
            url: `${api.xrpc("com.atproto.sync.getBlob")}?did=${encodeURIComponent(did)}&cid=${blob.ref.$link}`,
            mimeType: blob.mimeType,
            sizeBytes: blob.size,
            altText: blob.alt || undefined,
          })),
        })),
      );
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
