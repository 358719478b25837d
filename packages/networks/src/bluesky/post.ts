import { AppBskyRichtextFacet, RichText } from "@atproto/api";
import * as z from "zod";
import { isNetworkError } from "../kit/error.ts";
import { parseBody } from "../kit/json.ts";
import type { ThreadPart } from "../kit/thread.ts";
import type { TokenSet } from "../types.ts";
import { type BlueskyApi, blueskyName, didOf } from "./api.ts";
import { linkCard } from "./linkcard.ts";
import { mediaEmbed } from "./media.ts";

export const strongRef = z.object({ uri: z.string(), cid: z.string() });
export type StrongRef = z.infer<typeof strongRef>;

/**
 * Creates one app.bsky.feed.post with com.atproto.repo.createRecord: text, facets (links,
 * mentions resolved to DIDs, hashtags, as byte ranges), an embed (images, video, or a link
 * card) and, for replies, strong refs to the thread's root and the post directly above.
 */
export async function createPost(
  api: BlueskyApi,
  tokens: TokenSet,
  part: ThreadPart,
  reply: { root: StrongRef; parent: StrongRef } | undefined,
  options: { linkCards: boolean; langs?: string[] },
): Promise<StrongRef> {
  const facets = await detectFacets(api, part.text);
  let embed: Record<string, unknown> | undefined;
  if (part.media.length > 0) {
    embed = await mediaEmbed(api, tokens.accessToken, part.media);
  } else if (options.linkCards) {
    const link = facets.flatMap((facet) => facet.features).find(AppBskyRichtextFacet.isLink);
    if (link) embed = await linkCard(api, tokens.accessToken, link.uri);
  }
  const record = {
    $type: "app.bsky.feed.post",
    text: part.text,
    createdAt: new Date().toISOString(),
    ...(facets.length > 0 ? { facets } : {}),
    ...(embed ? { embed } : {}),
    ...(reply ? { reply } : {}),
    ...(options.langs ? { langs: options.langs } : {}),
  };
  const body = await api.http.json({
    operation: part.role === "head" ? "publish" : "publish reply",
    url: api.xrpc("com.atproto.repo.createRecord"),
    bearer: tokens.accessToken,
    json: { repo: didOf(tokens), collection: "app.bsky.feed.post", record },
  });
  return parseBody(blueskyName, "publish", strongRef, body);
}

/**
 * RichText finds links, @handles and #tags with Bluesky's own rules and byte offsets; mentions
 * must carry a DID, so each handle is resolved (com.atproto.identity.resolveHandle) and a
 * mention that does not resolve stays plain text.
 */
export async function detectFacets(
  api: BlueskyApi,
  text: string,
): Promise<AppBskyRichtextFacet.Main[]> {
  const rich = new RichText({ text });
  rich.detectFacetsWithoutResolution();
  const facets: AppBskyRichtextFacet.Main[] = [];
  for (const facet of rich.facets ?? []) {
    const mention = facet.features.find(AppBskyRichtextFacet.isMention);
    if (!mention) {
      facets.push(facet);
      continue;
    }
    const did = await resolveHandle(api, mention.did);
    if (did) facets.push({ ...facet, features: [{ ...mention, did }] });
  }
  return facets;
}

async function resolveHandle(api: BlueskyApi, handle: string): Promise<string | undefined> {
  try {
    const body = await api.http.json({
      operation: "resolve handle",
      url: api.xrpc("com.atproto.identity.resolveHandle"),
      query: { handle },
    });
    return z.object({ did: z.string() }).safeParse(body).data?.did;
  } catch (error) {
    // An unknown handle stays plain text; an outage or a dead token must still stop the post.
    if (isNetworkError(error) && error.kind !== "permanent") throw error;
    return undefined;
  }
}
