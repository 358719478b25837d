import * as z from "zod";
import { NetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import { authorizationUrl, exchangeCode, type OAuthProvider, refreshTokens } from "../kit/oauth.ts";
import { comparableText, isSince } from "../kit/reconcile.ts";
import { mediaKind } from "../kit/rules.ts";
import type { Network, NetworkConfig, PostMetrics, PublishInput, TokenSet } from "../types.ts";
import { createPinterestApi, type PinterestApi, pinterestName } from "./api.ts";
import { pinterestGrantGone, readPinterestError } from "./errors.ts";
import { uploadPinVideo } from "./media.ts";

/** Boards to pick from, Pins to create and read back, and the profile. */
export const pinterestScopes = ["boards:read", "pins:read", "pins:write", "user_accounts:read"];

const account = z.object({
  id: z.string().optional(),
  username: z.string(),
  business_name: z.string().nullish(),
  profile_image: z.string().nullish(),
});
const boards = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string() })),
  bookmark: z.string().nullish(),
});
const pin = z.object({ id: z.string() });
const pins = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string().nullish(),
      description: z.string().nullish(),
      created_at: z.string(),
      board_id: z.string().nullish(),
    }),
  ),
});
const analytics = z.object({
  all: z.object({ summary_metrics: z.record(z.string(), z.number()).default({}) }).optional(),
});

/**
 * Pinterest through API v5: OAuth with continuous refresh tokens (Basic client auth, no PKCE in
 * Pinterest's documented flow), a Pin per post on the chosen board (options.boardId): an image
 * by URL, a carousel of 2–5 images, or a video uploaded through /v5/media.
 */
export function createPinterest(config: NetworkConfig): Network {
  const api = createPinterestApi(config);
  const provider: OAuthProvider = {
    ...pinterestName,
    authorizationEndpoint: api.authorizeUrl,
    tokenEndpoint: api.url("/oauth/token"),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clientAuth: "basic",
    scopeSeparator: ",",
    pkce: false,
    // Apps made before September 2025 must ask for continuous refresh tokens; it is the
    // default for newer ones.
    tokenParameters: { continuous_refresh: "true" },
    redirectUri: config.redirectUri,
    readError: readPinterestError,
    grantGone: pinterestGrantGone,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
  };

  async function me(tokens: TokenSet) {
    return parseBody(
      pinterestName,
      "read profile",
      account,
      await api.http.json({
        operation: "read profile",
        url: api.url("/user_account"),
        bearer: tokens.accessToken,
      }),
    );
  }

  return {
    id: "pinterest",
    displayName: "Pinterest",
    connect: {
      method: "oauth",
      authorizationUrl: (input) =>
        authorizationUrl(provider, { ...input, scopes: input.scopes ?? pinterestScopes }),
      async exchangeCode(input) {
        const tokens = await exchangeCode(provider, input);
        const user = await me(tokens);
        return { ...tokens, context: { username: user.username } };
      },
      // Continuous refresh tokens rotate: each refresh answers a new one.
      refresh: (tokens) => refreshTokens(provider, tokens),
    },

    async profile(tokens) {
      const user = await me(tokens);
      return {
        externalId: user.id ?? user.username,
        handle: user.username,
        displayName: user.business_name || user.username,
        avatarUrl: user.profile_image ?? undefined,
        profileUrl: api.profileUrl(user.username),
        subAccounts: (await allBoards(api, tokens.accessToken)).map((board) => ({
          externalId: board.id,
          kind: "board" as const,
          name: board.name,
        })),
      };
    },

    async publish(input) {
      const boardId = typeof input.options?.boardId === "string" ? input.options.boardId : "";
      if (boardId === "") {
        throw new NetworkError({
          network: "pinterest",
          kind: "permanent",
          operation: "publish",
          code: "board_required",
          detail: "no board was chosen",
          userMessage: "Pinterest needs a board to save the Pin to. Choose a board and try again.",
        });
      }
      const body = {
        board_id: boardId,
        ...(typeof input.options?.title === "string" ? { title: input.options.title } : {}),
        description: input.text,
        ...(typeof input.options?.link === "string" ? { link: input.options.link } : {}),
        ...(input.media[0]?.altText ? { alt_text: input.media[0].altText } : {}),
        media_source: await mediaSource(api, input),
      };
      const created = parseBody(
        pinterestName,
        "publish",
        pin,
        await api.http.json({
          operation: "publish",
          url: api.url("/pins"),
          bearer: input.tokens.accessToken,
          json: body,
        }),
      );
      return { externalId: created.id, url: api.pinUrl(created.id) };
    },

    async findPost(input) {
      const body = parseBody(
        pinterestName,
        "find post",
        pins,
        await api.http.json({
          operation: "find post",
          url: api.url("/pins"),
          query: { page_size: 50 },
          bearer: input.tokens.accessToken,
        }),
      );
      const wanted = comparableText(input.text);
      const found = body.items.find(
        (item) =>
          comparableText(item.description ?? "") === wanted &&
          isSince(utc(item.created_at), input.since),
      );
      return found ? { externalId: found.id, url: api.pinUrl(found.id) } : undefined;
    },

    async metrics(input) {
      // Pin analytics cover at most the last 90 days; a day's figures arrive the next day.
      const today = new Date();
      const start = new Date(today.getTime() - 89 * 24 * 3600_000);
      const body = parseBody(
        pinterestName,
        "read metrics",
        analytics,
        await api.http.json({
          operation: "read metrics",
          url: api.url(`/pins/${encodeURIComponent(input.externalId)}/analytics`),
          query: {
            start_date: day(start),
            end_date: day(today),
            metric_types: "IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK,VIDEO_MRC_VIEW",
            app_types: "ALL",
            split_field: "NO_SPLIT",
          },
          bearer: input.tokens.accessToken,
        }),
      );
      return toMetrics(body.all?.summary_metrics ?? {});
    },
  };
}

/** image_url, multiple_image_urls (2–5) or video_id, from the post's media. */
async function mediaSource(api: PinterestApi, input: PublishInput) {
  const [first] = input.media;
  if (first && mediaKind(first.mimeType) === "video") {
    const mediaId = await uploadPinVideo(api, input.tokens.accessToken, first);
    const cover = input.options?.coverImageUrl;
    return {
      source_type: "video_id",
      media_id: mediaId,
      // Without a cover image Pinterest takes a frame of the video: the first one.
      ...(typeof cover === "string"
        ? { cover_image_url: cover }
        : { cover_image_key_frame_time: 0 }),
    };
  }
  if (input.media.length > 1) {
    return {
      source_type: "multiple_image_urls",
      items: input.media.map((item) => ({
        url: item.url,
        ...(item.altText ? { description: item.altText } : {}),
      })),
      index: 0,
    };
  }
  return { source_type: "image_url", url: first?.url ?? "" };
}

async function allBoards(api: PinterestApi, accessToken: string) {
  const found: { id: string; name: string }[] = [];
  let bookmark: string | undefined;
  do {
    const page = parseBody(
      pinterestName,
      "list boards",
      boards,
      await api.http.json({
        operation: "list boards",
        url: api.url("/boards"),
        query: { page_size: 100, bookmark },
        bearer: accessToken,
      }),
    );
    found.push(...page.items);
    bookmark = page.bookmark ?? undefined;
  } while (bookmark && found.length < 2000);
  return found;
}

/**
 * IMPRESSION, SAVE and PIN_CLICK (clicks to content on or off Pinterest, outbound ones included)
 * over the Pin's life; VIDEO_MRC_VIEW for video Pins. Pinterest reports no likes, comments,
 * shares or reach per Pin: those stay undefined.
 */
function toMetrics(summary: Record<string, number>): PostMetrics {
  return {
    impressions: summary.IMPRESSION,
    saves: summary.SAVE,
    clicks: summary.PIN_CLICK ?? summary.OUTBOUND_CLICK,
    videoViews: summary.VIDEO_MRC_VIEW,
  };
}

/** Pinterest writes created_at in UTC without a zone ("2026-05-01T09:30:00"). */
function utc(text: string): string {
  return /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
