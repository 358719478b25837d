import * as z from "zod";
import { isNetworkError, NetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import { authorizationUrl, exchangeCode, type OAuthProvider, refreshTokens } from "../kit/oauth.ts";
import { comparableText, isSince } from "../kit/reconcile.ts";
import { publishThread, refuseThread } from "../kit/thread.ts";
import type { Network, NetworkConfig, PostMetrics, SubAccount, TokenSet } from "../types.ts";
import { createLinkedInApi, type LinkedInApi, linkedInName } from "./api.ts";
import { readLinkedInError } from "./errors.ts";
import { littleText, plainText, postContent } from "./post.ts";

/** Sign In with LinkedIn (openid, profile) and posting as the member. */
export const linkedInMemberScopes = ["openid", "profile", "w_member_social"];
/** Pages the member administers (Community Management API: needs LinkedIn's approval). */
export const linkedInOrganizationScopes = [
  "r_organization_social",
  "w_organization_social",
  "rw_organization_admin",
];

const userinfo = z.object({ sub: z.string(), name: z.string(), picture: z.string().optional() });
const acls = z.object({
  elements: z.array(z.object({ organization: z.string(), state: z.string().optional() })),
});
const organization = z.object({
  localizedName: z.string(),
  vanityName: z.string().optional(),
});
const comment = z.object({ commentUrn: z.string().optional(), id: z.string().optional() });
const postsByAuthor = z.object({
  elements: z.array(
    z.object({
      id: z.string(),
      commentary: z.string().optional(),
      createdAt: z.number().optional(),
    }),
  ),
});
const shareStatistics = z.object({
  elements: z.array(z.object({ totalShareStatistics: z.record(z.string(), z.number()) })),
});
const socialActions = z.object({
  likesSummary: z.object({ totalLikes: z.number().optional() }).optional(),
  commentsSummary: z.object({ aggregatedTotalComments: z.number().optional() }).optional(),
});

/**
 * LinkedIn for members (urn:li:person) and the organization pages they administer
 * (urn:li:organization, the sub-accounts): OAuth 2.0 authorization code without PKCE (LinkedIn
 * offers PKCE to native apps only), refresh tokens for approved apps, the versioned Posts API with
 * Images and Videos uploads, first comments through socialActions, metrics through
 * organizationalEntityShareStatistics for pages.
 */
export function createLinkedIn(config: NetworkConfig): Network {
  const li = createLinkedInApi(config);
  const provider: OAuthProvider = {
    ...linkedInName,
    authorizationEndpoint: li.authorizeUrl,
    tokenEndpoint: li.tokenUrl,
    issuer: li.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clientAuth: "post",
    pkce: false,
    redirectUri: config.redirectUri,
    readError: readLinkedInError,
    // LinkedIn answers a used, expired or revoked code or refresh token with invalid_request.
    grantGone: (code, detail) =>
      code === "invalid_request" && /authorization (grant|code)|refresh token/i.test(detail),
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
  };

  async function me(tokens: TokenSet) {
    return parseBody(
      linkedInName,
      "read profile",
      userinfo,
      await li.http.json({
        operation: "read profile",
        url: li.url("/v2/userinfo"),
        bearer: tokens.accessToken,
      }),
    );
  }

  const authorOf = async (input: { tokens: TokenSet; accountId: string }) =>
    input.accountId.startsWith("urn:li:")
      ? input.accountId
      : (input.tokens.context?.personUrn ?? `urn:li:person:${(await me(input.tokens)).sub}`);

  return {
    id: "linkedin",
    displayName: "LinkedIn",
    connect: {
      method: "oauth",
      authorizationUrl: (input) =>
        authorizationUrl(provider, {
          ...input,
          scopes: input.scopes ?? [...linkedInMemberScopes, ...linkedInOrganizationScopes],
        }),
      async exchangeCode(input) {
        const tokens = await exchangeCode(provider, input);
        const person = await me(tokens);
        return {
          ...tokens,
          context: { personUrn: `urn:li:person:${person.sub}`, name: person.name },
        };
      },
      refresh: (tokens) => refreshTokens(provider, tokens),
    },

    async profile(tokens) {
      const person = await me(tokens);
      return {
        externalId: `urn:li:person:${person.sub}`,
        handle: person.name,
        displayName: person.name,
        avatarUrl: person.picture,
        subAccounts: await organizations(li, tokens),
      };
    },

    async publish(input) {
      refuseThread(linkedInName, input);
      const author = await authorOf(input);
      return publishThread<string>(
        linkedInName,
        input,
        async (part, replyTo) => {
          if (replyTo)
            return addComment(li, input.tokens.accessToken, author, replyTo.root, part.text);
          const content = await postContent(li, input.tokens.accessToken, author, {
            text: part.text,
            media: part.media,
            options: input.options,
          });
          const created = await li.rest.send({
            operation: "publish",
            url: li.url("/rest/posts"),
            bearer: input.tokens.accessToken,
            json: {
              author,
              commentary: littleText(part.text),
              visibility: "PUBLIC",
              distribution: {
                feedDistribution: "MAIN_FEED",
                targetEntities: [],
                thirdPartyDistributionChannels: [],
              },
              ...(content ? { content } : {}),
              lifecycleState: "PUBLISHED",
              isReshareDisabledByAuthor: false,
            },
          });
          const urn = created.headers.get("x-restli-id");
          if (!urn) throw unexpected("publish", "the created post has no x-restli-id");
          return urn;
        },
        (head, children) => ({ externalId: head, url: li.postUrl(head), childIds: children }),
      );
    },

    async findPost(input) {
      const author = await authorOf(input);
      const wanted = comparableText(input.text);
      let answer: unknown;
      try {
        answer = await li.rest.json({
          operation: "find post",
          url: li.url("/rest/posts"),
          query: { q: "author", author, count: 20, sortBy: "CREATED" },
          headers: { "X-RestLi-Method": "FINDER" },
          bearer: input.tokens.accessToken,
        });
      } catch (error) {
        // A member's posts are readable only with r_member_social: Cadence cannot look.
        if (isNetworkError(error) && error.status === 403) return undefined;
        throw error;
      }
      const body = parseBody(linkedInName, "find post", postsByAuthor, answer);
      const found = body.elements.find(
        (post) =>
          (post.createdAt === undefined ||
            isSince(new Date(post.createdAt).toISOString(), input.since)) &&
          comparableText(plainText(post.commentary ?? "")) === wanted,
      );
      return found ? { externalId: found.id, url: li.postUrl(found.id) } : undefined;
    },

    async metrics(input) {
      const author = await authorOf(input);
      if (author.startsWith("urn:li:organization:")) {
        return organizationMetrics(li, input.tokens.accessToken, author, input.externalId);
      }
      return memberMetrics(li, input.tokens.accessToken, input.externalId);
    },
  };
}

/** The pages the member administers, through organizationAcls; none without the page scopes. */
async function organizations(li: LinkedInApi, tokens: TokenSet): Promise<SubAccount[]> {
  if (tokens.scopes && !tokens.scopes.includes("rw_organization_admin")) return [];
  let granted: z.infer<typeof acls>;
  try {
    granted = parseBody(
      linkedInName,
      "read pages",
      acls,
      await li.rest.json({
        operation: "read pages",
        url: li.url("/rest/organizationAcls"),
        query: { q: "roleAssignee", role: "ADMINISTRATOR", state: "APPROVED" },
        bearer: tokens.accessToken,
      }),
    );
  } catch (error) {
    if (isNetworkError(error) && error.status === 403) return [];
    throw error;
  }
  const pages: SubAccount[] = [];
  for (const { organization: urn } of granted.elements) {
    const page = parseBody(
      linkedInName,
      "read pages",
      organization,
      await li.rest.json({
        operation: "read pages",
        url: li.url(`/rest/organizations/${urn.split(":").pop()}`),
        bearer: tokens.accessToken,
      }),
    );
    pages.push({ externalId: urn, kind: "organization", name: page.localizedName });
  }
  return pages;
}

/** Comments API: POST /rest/socialActions/{post}/comments as the post's author. */
async function addComment(
  li: LinkedInApi,
  accessToken: string,
  actor: string,
  post: string,
  text: string,
): Promise<string> {
  const answer = await li.rest.send({
    operation: "publish first comment",
    url: li.url(`/rest/socialActions/${li.segment(post)}/comments`),
    bearer: accessToken,
    json: { actor, object: post, message: { text } },
  });
  const body = parseBody(linkedInName, "publish first comment", comment, answer.body ?? {});
  const urn = body.commentUrn ?? answer.headers.get("x-restli-id") ?? body.id;
  if (!urn) throw unexpected("publish first comment", "the created comment has no id");
  return urn;
}

/**
 * organizationalEntityShareStatistics for one post: impressions, unique impressions (reach),
 * likes, comments, shares and clicks, lifetime. Share and ugcPost URNs go in different lists.
 */
async function organizationMetrics(
  li: LinkedInApi,
  accessToken: string,
  organizationUrn: string,
  post: string,
): Promise<PostMetrics> {
  const list = post.startsWith("urn:li:ugcPost:") ? "ugcPosts" : "shares";
  const url =
    `${li.url("/rest/organizationalEntityShareStatistics")}?q=organizationalEntity` +
    `&organizationalEntity=${li.segment(organizationUrn)}&${list}=List(${li.segment(post)})`;
  const body = parseBody(
    linkedInName,
    "read metrics",
    shareStatistics,
    await li.rest.json({ operation: "read metrics", url, bearer: accessToken }),
  );
  const stats = body.elements[0]?.totalShareStatistics ?? {};
  return {
    impressions: stats.impressionCount,
    reach: stats.uniqueImpressionsCount,
    likes: stats.likeCount,
    comments: stats.commentCount,
    shares: stats.shareCount,
    clicks: stats.clickCount,
  };
}

/**
 * A member's post: LinkedIn reports only its likes and comments (socialActions), and only to
 * apps approved for r_member_social; without it every metric stays undefined.
 */
async function memberMetrics(li: LinkedInApi, accessToken: string, post: string) {
  try {
    const body = parseBody(
      linkedInName,
      "read metrics",
      socialActions,
      await li.rest.json({
        operation: "read metrics",
        url: li.url(`/rest/socialActions/${li.segment(post)}`),
        bearer: accessToken,
      }),
    );
    return {
      likes: body.likesSummary?.totalLikes,
      comments: body.commentsSummary?.aggregatedTotalComments,
    };
  } catch (error) {
    if (isNetworkError(error) && error.status === 403) return {};
    throw error;
  }
}

function unexpected(operation: string, detail: string): NetworkError {
  return new NetworkError({
    network: "linkedin",
    kind: "permanent",
    operation,
    code: "unexpected_response",
    detail,
    userMessage:
      "LinkedIn answered in a way Cadence did not expect. Cadence's team has been told; try again later.",
  });
}
