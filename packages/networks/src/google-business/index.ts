import * as z from "zod";
import { isNetworkError, NetworkError } from "../kit/error.ts";
import { googleConnect, googleOAuth } from "../kit/google.ts";
import { asRecord, parseBody, stringOf } from "../kit/json.ts";
import { comparableText, isSince } from "../kit/reconcile.ts";
import { waitForProcessing } from "../kit/upload.ts";
import type { Network, NetworkConfig, PublishInput, TokenSet } from "../types.ts";
import { createGoogleBusinessApi, type GoogleBusinessApi, googleBusinessName } from "./api.ts";
import { readGoogleBusinessError } from "./errors.ts";

export const googleBusinessScopes = ["https://www.googleapis.com/auth/business.manage"];

const accountList = z.object({
  accounts: z
    .array(
      z.object({
        name: z.string(),
        accountName: z.string().optional(),
        type: z.string().optional(),
      }),
    )
    .default([]),
  nextPageToken: z.string().optional(),
});
const locationList = z.object({
  locations: z
    .array(
      z.object({
        name: z.string(),
        title: z.string().optional(),
        storefrontAddress: z.object({ addressLines: z.array(z.string()).optional() }).optional(),
      }),
    )
    .default([]),
  nextPageToken: z.string().optional(),
});
const localPost = z.object({
  name: z.string(),
  state: z.string().optional(),
  searchUrl: z.string().optional(),
  summary: z.string().optional(),
  createTime: z.string().optional(),
});
const localPosts = z.object({
  localPosts: z.array(localPost).default([]),
  nextPageToken: z.string().optional(),
});

/**
 * Google Business Profile: accounts from the Account Management API, their locations from the
 * Business Information API (the sub-accounts to post as), and local posts through the v4
 * `accounts.locations.localPosts` API, Google fetching the photo from its URL.
 */
export function createGoogleBusiness(config: NetworkConfig): Network {
  const gbp = createGoogleBusinessApi(config);
  const provider = googleOAuth(googleBusinessName, config, readGoogleBusinessError);

  return {
    id: "google-business",
    displayName: googleBusinessName.displayName,
    connect: googleConnect(provider, googleBusinessScopes),

    async profile(tokens) {
      const accounts = await listAccounts(gbp, tokens);
      const first = accounts.find((a) => a.type === "PERSONAL") ?? accounts[0];
      if (!first) {
        throw new NetworkError({
          network: "google-business",
          kind: "permanent",
          operation: "read profile",
          code: "no_accounts",
          detail: "the Google account manages no Business Profile",
          userMessage:
            "This Google account manages no Business Profile. Connect the Google account that owns or manages the business.",
        });
      }
      const locations = [];
      for (const account of accounts)
        locations.push(...(await listLocations(gbp, tokens, account.name)));
      return {
        externalId: first.name,
        handle: first.accountName ?? first.name,
        displayName: first.accountName ?? first.name,
        subAccounts: locations.map((location) => ({
          externalId: location.id,
          kind: "location" as const,
          name: location.label,
        })),
      };
    },

    async publish(input) {
      const parent = locationOf(input.accountId);
      const token = input.tokens.accessToken;
      const created = parseBody(
        googleBusinessName,
        "publish",
        localPost,
        await gbp.http.json({
          operation: "publish",
          url: gbp.v4(`/${parent}/localPosts`),
          bearer: token,
          json: localPostBody(input),
        }),
      );
      const settled =
        created.state === "PROCESSING" ? await settle(gbp, token, created.name) : created;
      if (settled.state === "REJECTED") {
        throw new NetworkError({
          network: "google-business",
          kind: "permanent",
          operation: "publish",
          code: "REJECTED",
          detail: `local post ${settled.name} was rejected`,
          userMessage:
            "Google Business Profile rejected the post under its content policies (for example a phone number in the text, or a photo that breaks the guidelines). Edit the post and try again.",
        });
      }
      return { externalId: settled.name, url: settled.searchUrl ?? created.searchUrl ?? "" };
    },

    async findPost(input) {
      const parent = locationOf(input.accountId);
      const body = parseBody(
        googleBusinessName,
        "find post",
        localPosts,
        await gbp.http.json({
          operation: "find post",
          url: gbp.v4(`/${parent}/localPosts`),
          query: { pageSize: 100 },
          bearer: input.tokens.accessToken,
        }),
      );
      const wanted = comparableText(input.text);
      const found = body.localPosts.find(
        (post) =>
          comparableText(post.summary ?? "") === wanted &&
          (post.createTime === undefined || isSince(post.createTime, input.since)),
      );
      return found ? { externalId: found.name, url: found.searchUrl ?? "" } : undefined;
    },

    /**
     * No per-post metrics exist any more: localPosts.reportInsights went with the v4 insights,
     * whose successor, the Business Profile Performance API, reports only per location (views on
     * Maps and Search, calls, website clicks, direction requests). Every field stays undefined.
     */
    async metrics() {
      return {};
    },
  };
}

async function listAccounts(gbp: GoogleBusinessApi, tokens: TokenSet) {
  const accounts: z.infer<typeof accountList>["accounts"] = [];
  let pageToken: string | undefined;
  do {
    const page = parseBody(
      googleBusinessName,
      "list accounts",
      accountList,
      await gbp.http.json({
        operation: "list accounts",
        url: gbp.accountManagement("/accounts"),
        query: { pageSize: 20, pageToken },
        bearer: tokens.accessToken,
      }),
    );
    accounts.push(...page.accounts);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return accounts;
}

/** A location as the sub-account to post as: "accounts/1/locations/2", which v4 needs whole. */
async function listLocations(gbp: GoogleBusinessApi, tokens: TokenSet, account: string) {
  const found: { id: string; label: string }[] = [];
  let pageToken: string | undefined;
  do {
    const page = parseBody(
      googleBusinessName,
      "list locations",
      locationList,
      await gbp.http.json({
        operation: "list locations",
        url: gbp.businessInformation(`/${account}/locations`),
        query: { readMask: "name,title,storefrontAddress", pageSize: 100, pageToken },
        bearer: tokens.accessToken,
      }),
    );
    for (const location of page.locations) {
      const street = location.storefrontAddress?.addressLines?.[0];
      found.push({
        id: `${account}/${location.name}`,
        label: [location.title ?? location.name, street].filter(Boolean).join(" — "),
      });
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return found;
}

/** A new post may be PROCESSING for a moment; a short bounded wait tells LIVE from REJECTED. */
async function settle(gbp: GoogleBusinessApi, accessToken: string, name: string) {
  try {
    const settled = await waitForProcessing(
      googleBusinessName,
      async () => {
        const post = parseBody(
          googleBusinessName,
          "check post",
          localPost,
          await gbp.http.json({
            operation: "check post",
            url: gbp.v4(`/${name}`),
            bearer: accessToken,
          }),
        );
        return { done: post.state !== "PROCESSING", value: post, waitMs: 1000 };
      },
      { timeoutMs: 10_000 },
    );
    return settled ?? { name };
  } catch (error) {
    // Still processing: the post exists and must not be made again.
    if (isNetworkError(error) && error.code === "processing_timeout") return { name };
    throw error;
  }
}

function locationOf(accountId: string): string {
  if (/^accounts\/[^/]+\/locations\/[^/]+$/.test(accountId)) return accountId;
  throw new NetworkError({
    network: "google-business",
    kind: "permanent",
    operation: "publish",
    code: "location_required",
    detail: `not a location: ${accountId.slice(0, 100)}`,
    userMessage:
      "Google Business Profile posts go to a business location. Choose the location to post as.",
  });
}

/** A LocalPost: STANDARD, or EVENT and OFFER when the post carries their details. */
export function localPostBody(input: PublishInput): Record<string, unknown> {
  const options = input.options ?? {};
  const event = options.event ?? (options.offer ? {} : undefined);
  const cta = asRecord(options.callToAction);
  const actionType = stringOf(cta.actionType);
  const link = stringOf(options.link);
  return {
    languageCode: stringOf(options.languageCode) ?? "en",
    summary: input.text,
    topicType: options.offer ? "OFFER" : event ? "EVENT" : "STANDARD",
    ...(actionType
      ? {
          callToAction: {
            actionType,
            ...(actionType !== "CALL" && stringOf(cta.url) ? { url: stringOf(cta.url) } : {}),
          },
        }
      : link
        ? { callToAction: { actionType: "LEARN_MORE", url: link } }
        : {}),
    ...(input.media.length > 0
      ? { media: input.media.map((item) => ({ mediaFormat: "PHOTO", sourceUrl: item.url })) }
      : {}),
    ...(event ? { event: eventOf(asRecord(event)) } : {}),
    ...(options.offer ? { offer: offerOf(asRecord(options.offer)) } : {}),
  };
}

/** "2026-07-01" or "2026-07-01T18:30": the business's own wall clock, as Google wants it. */
function eventOf(event: Record<string, unknown>) {
  type Day = { year: number; month: number; day: number };
  type Clock = { hours: number; minutes: number; seconds: number; nanos: number };
  const part = (text: string | undefined): { date?: Day; time?: Clock } => {
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(text ?? "");
    if (!match) return {};
    const [year, month, day, hours, minutes] = match.slice(1).map(Number) as number[];
    return {
      date: { year: year ?? 0, month: month ?? 0, day: day ?? 0 },
      ...(match[4]
        ? { time: { hours: hours ?? 0, minutes: minutes ?? 0, seconds: 0, nanos: 0 } }
        : {}),
    };
  };
  const start = part(stringOf(event.start));
  const end = part(stringOf(event.end));
  return {
    title: stringOf(event.title) ?? "",
    schedule: {
      startDate: start.date,
      ...(start.time ? { startTime: start.time } : {}),
      endDate: end.date,
      ...(end.time ? { endTime: end.time } : {}),
    },
  };
}

function offerOf(offer: Record<string, unknown>) {
  return {
    ...(stringOf(offer.couponCode) ? { couponCode: stringOf(offer.couponCode) } : {}),
    ...(stringOf(offer.redeemOnlineUrl)
      ? { redeemOnlineUrl: stringOf(offer.redeemOnlineUrl) }
      : {}),
    ...(stringOf(offer.termsConditions)
      ? { termsConditions: stringOf(offer.termsConditions) }
      : {}),
  };
}
