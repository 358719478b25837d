import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import { authorizationUrl, exchangeCode, type OAuthProvider, revokeToken } from "../kit/oauth.ts";
import { guardedFetch } from "../kit/outbound.ts";
import { comparableText, isSince, oldestFirst } from "../kit/reconcile.ts";
import { publishThread } from "../kit/thread.ts";
import type { Network, NetworkConfig, PostMetrics, TokenSet } from "../types.ts";
import {
  createMastodonApi,
  type MastodonApi,
  mastodonName,
  mastodonScopes,
  serverOf,
} from "./api.ts";
import { readMastodonError } from "./errors.ts";
import { uploadMastodonMedia } from "./media.ts";

export { registerApp } from "./apps.ts";

const account = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string(),
  avatar: z.string().optional(),
  url: z.string().optional(),
  followers_count: z.number().optional(),
  following_count: z.number().optional(),
  statuses_count: z.number().optional(),
});
const status = z.object({
  id: z.string(),
  url: z.string().nullable().optional(),
  uri: z.string(),
  content: z.string(),
  created_at: z.string(),
  favourites_count: z.number(),
  reblogs_count: z.number(),
  replies_count: z.number(),
  quotes_count: z.number().optional(),
  in_reply_to_id: z.string().nullable().optional(),
  media_attachments: z
    .array(z.object({ url: z.string(), description: z.string().nullable().optional() }))
    .optional()
    .catch(undefined),
});

const mimeTypes: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  mp4: "video/mp4",
  mov: "video/quicktime",
};

/** Mastodon gives an attachment's kind, not its type: read it from the file name. */
function mimeTypeOf(url: string): string | undefined {
  const extension = /\.(\w+)(?:\?|$)/.exec(new URL(url, "http://x").pathname)?.[1];
  return extension ? mimeTypes[extension.toLowerCase()] : undefined;
}

/**
 * Mastodon on any server: OAuth 2.0 authorization code (PKCE S256 is honoured since Mastodon
 * 4.3 and ignored by older servers), tokens that do not expire (no refresh), statuses posted
 * with an Idempotency-Key so a retried publish returns the first status instead of a second.
 */
export function createMastodon(config: NetworkConfig): Network {
  async function provider(server: string): Promise<OAuthProvider> {
    const app = config.clientFor
      ? await config.clientFor(server)
      : { clientId: config.clientId, clientSecret: config.clientSecret };
    return {
      ...mastodonName,
      authorizationEndpoint: `${server}/oauth/authorize`,
      tokenEndpoint: `${server}/oauth/token`,
      revocationEndpoint: `${server}/oauth/revoke`,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      clientAuth: "post",
      redirectUri: config.redirectUri,
      readError: readMastodonError,
      fetch: config.fetch ?? guardedFetch,
      timeoutMs: config.timeoutMs,
    };
  }
  const apiFor = (tokens: TokenSet) => createMastodonApi(config, serverOf(config, tokens));

  /** The account's latest statuses without boosts, newest first. */
  async function statusesOf(input: { tokens: TokenSet; accountId: string }, operation: string) {
    const api = apiFor(input.tokens);
    const accountId = input.tokens.context?.accountId ?? input.accountId;
    const body = await api.http.json({
      operation,
      url: api.url(`/api/v1/accounts/${accountId}/statuses`),
      query: { limit: 40, exclude_reblogs: true },
      bearer: input.tokens.accessToken,
    });
    return parseBody(mastodonName, operation, z.array(status), body);
  }

  async function verify(api: MastodonApi, accessToken: string) {
    return parseBody(
      mastodonName,
      "read profile",
      account,
      await api.http.json({
        operation: "read profile",
        url: api.url("/api/v1/accounts/verify_credentials"),
        bearer: accessToken,
      }),
    );
  }

  return {
    id: "mastodon",
    displayName: "Mastodon",
    connect: {
      method: "oauth",
      async authorizationUrl(input) {
        const server = serverOf(config, input.server);
        return authorizationUrl(await provider(server), {
          ...input,
          scopes: input.scopes ?? mastodonScopes,
        });
      },
      async exchangeCode(input) {
        const server = serverOf(config, input.server);
        const tokens = await exchangeCode(await provider(server), input);
        const me = await verify(createMastodonApi(config, server), tokens.accessToken);
        return { ...tokens, context: { server, accountId: me.id, username: me.username } };
      },
      async revoke(tokens) {
        await revokeToken(await provider(serverOf(config, tokens)), tokens.accessToken);
      },
    },

    async profile(tokens) {
      const api = apiFor(tokens);
      const me = await verify(api, tokens.accessToken);
      return {
        externalId: me.id,
        handle: `@${me.username}@${new URL(api.server).host}`,
        displayName: me.display_name || me.username,
        avatarUrl: me.avatar,
        profileUrl: me.url,
      };
    },

    // The Account entity from verify_credentials carries the three counts; a server may hide
    // them (hide_collections), which leaves them out rather than 0.
    async accountMetrics(input) {
      const me = await verify(apiFor(input.tokens), input.tokens.accessToken);
      return {
        followers: me.followers_count,
        following: me.following_count,
        posts: me.statuses_count,
      };
    },

    async publish(input) {
      const api = apiFor(input.tokens);
      return publishThread<z.infer<typeof status>>(
        mastodonName,
        input,
        async (part, replyTo) => {
          const mediaIds: string[] = [];
          for (const item of part.media)
            mediaIds.push(await uploadMastodonMedia(api, input.tokens.accessToken, item));
          const body = await api.http.json({
            operation: "publish",
            url: api.url("/api/v1/statuses"),
            bearer: input.tokens.accessToken,
            // One key per part: a retried thread gets its earlier parts back, not copies.
            headers: { "Idempotency-Key": `${input.idempotencyKey}:${part.index}` },
            json: {
              status: part.text,
              ...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}),
              ...(replyTo ? { in_reply_to_id: replyTo.parent.id } : {}),
              visibility:
                typeof input.options?.visibility === "string" ? input.options.visibility : "public",
            },
          });
          return parseBody(mastodonName, "publish", status, body);
        },
        (head, children) => ({
          externalId: head.id,
          url: head.url ?? head.uri,
          childIds: children.map((child) => child.id),
        }),
      );
    },

    async findPost(input) {
      const wanted = comparableText(input.text);
      const found = (await statusesOf(input, "find post")).find(
        (item) =>
          isSince(item.created_at, input.since) &&
          comparableText(plainText(item.content)) === wanted,
      );
      return found ? { externalId: found.id, url: found.url ?? found.uri } : undefined;
    },

    async recentPosts(input) {
      const statuses = (await statusesOf(input, "list posts")).filter(
        (item) => !item.in_reply_to_id && isSince(item.created_at, input.since),
      );
      return oldestFirst(
        statuses.map((item) => ({
          externalId: item.id,
          url: item.url ?? item.uri,
          text: plainText(item.content),
          createdAt: item.created_at,
          media: (item.media_attachments ?? []).flatMap((attachment) => {
            const mimeType = mimeTypeOf(attachment.url);
            return mimeType
              ? [
                  {
                    url: attachment.url,
                    mimeType,
                    sizeBytes: 0,
                    altText: attachment.description ?? undefined,
                  },
                ]
              : [];
          }),
        })),
      );
    },

    async metrics(input) {
      const api = apiFor(input.tokens);
      const body = await api.http.json({
        operation: "read metrics",
        url: api.url(`/api/v1/statuses/${input.externalId}`),
        bearer: input.tokens.accessToken,
      });
      return toMetrics(parseBody(mastodonName, "read metrics", status, body));
    },
  };
}

/** Mastodon reports favourites, boosts (and quotes since 4.5) and replies; never impressions. */
function toMetrics(item: z.infer<typeof status>): PostMetrics {
  return {
    likes: item.favourites_count,
    shares: item.reblogs_count + (item.quotes_count ?? 0),
    comments: item.replies_count,
  };
}

/** A status's HTML content back to text: paragraphs and line breaks to newlines, tags dropped. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p>/gi, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
