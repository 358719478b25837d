import type { Context, Env, Hono } from "hono";
import { type Faults, holdUntilGone } from "../faults.ts";
import { cidFor, type SandboxPost, type SandboxState } from "../state.ts";
import { blueskyFaultAnswers, nextTid, xrpcError } from "./xrpc.ts";

const maxBlobBytes = 100_000_000;

/**
 * The repository methods a client posts with (com.atproto.repo.uploadBlob, createRecord,
 * getRecord, listRecords), com.atproto.identity.resolveHandle, and
 * the AppView's app.bsky.feed.getPosts with counts that grow on the sandbox clock.
 */
export function repoRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  faults: Faults,
  accountOf: (c: Context<E>) => string,
): void {
  app.post("/xrpc/com.atproto.repo.uploadBlob", async (c) => {
    const slow = faults.take("bluesky", accountOf(c), c.req.path, ["slow_media"]);
    if (slow) await holdUntilGone(c.req.raw.signal, slow.delayMs ?? 2000);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > maxBlobBytes)
      return xrpcError(
        c,
        400,
        "BlobTooLarge",
        `This file is too large. It is ${bytes.byteLength} bytes but the maximum size is ${maxBlobBytes} bytes.`,
      );
    const mimeType =
      (c.req.header("content-type") ?? "application/octet-stream").split(";")[0] ?? "";
    const cid = cidFor(bytes);
    state.media.set(cid, {
      id: cid,
      network: "bluesky",
      account: accountOf(c),
      mimeType,
      bytes,
      pendingPolls: 0,
      createdAt: state.now(),
    });
    return c.json({
      blob: { $type: "blob", ref: { $link: cid }, mimeType, size: bytes.byteLength },
    });
  });

  app.post("/xrpc/com.atproto.repo.createRecord", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {
      repo?: string;
      collection?: string;
      record?: Record<string, unknown>;
    };
    const accountId = accountOf(c);
    const account = state.accountById("bluesky", accountId);
    if (body.repo !== accountId && body.repo !== account?.handle)
      return xrpcError(c, 400, "InvalidRequest", "Input/repo must be the authenticated account");
    if (body.collection !== "app.bsky.feed.post")
      return xrpcError(
        c,
        400,
        "InvalidRequest",
        `Sandbox does not store ${body.collection} records`,
      );
    state.countReceived("bluesky");
    if (faults.take("bluesky", accountId, c.req.path, ["reject"]))
      return blueskyFaultAnswers.rejected(c);
    const record = body.record ?? {};
    const problem = validatePost(state, accountId, record);
    if (problem)
      return xrpcError(c, 400, "InvalidRequest", `Invalid app.bsky.feed.post record: ${problem}`);
    const rkey = nextTid(state.now());
    const uri = `at://${accountId}/app.bsky.feed.post/${rkey}`;
    const cid = cidFor(JSON.stringify(record));
    const reply = record.reply as { parent?: { uri?: string } } | undefined;
    const embed = record.embed as Record<string, unknown> | undefined;
    state.addPost({
      network: "bluesky",
      id: uri,
      accountId,
      handle: account?.handle ?? accountId,
      text: String(record.text ?? ""),
      replyTo: reply?.parent?.uri,
      media: embedMedia(state, embed),
      extra: {
        uri,
        cid,
        rkey,
        record,
        card: embed?.$type === "app.bsky.embed.external" ? embed.external : undefined,
      },
    });
    return c.json({ uri, cid, commit: { cid: cidFor(uri), rev: rkey }, validationStatus: "valid" });
  });

  app.get("/xrpc/com.atproto.repo.getRecord", (c) => {
    const { repo = "", collection = "", rkey = "" } = c.req.query();
    const account = state.accountById("bluesky", repo) ?? state.accountByHandle("bluesky", repo);
    const uri = `at://${account?.id ?? repo}/${collection}/${rkey}`;
    if (account && collection === "app.bsky.actor.profile" && rkey === "self") {
      const value = {
        $type: "app.bsky.actor.profile",
        displayName: account.displayName,
        description: "A sandbox account.",
      };
      return c.json({ uri, cid: cidFor(JSON.stringify(value)), value });
    }
    const post = state.posts.find((p) => p.network === "bluesky" && p.id === uri);
    if (!post) return xrpcError(c, 400, "RecordNotFound", `Could not locate record: ${uri}`);
    return c.json({ uri, cid: post.extra.cid, value: post.extra.record });
  });

  app.get("/xrpc/com.atproto.repo.listRecords", (c) => {
    const { repo = "", collection = "" } = c.req.query();
    const limit = Math.min(100, Math.max(1, Number(c.req.query("limit") ?? 50)));
    const account = state.accountById("bluesky", repo) ?? state.accountByHandle("bluesky", repo);
    if (!account) return xrpcError(c, 400, "InvalidRequest", `Could not find repo: ${repo}`);
    const records =
      collection === "app.bsky.feed.post"
        ? state
            .postsOf("bluesky", account.id)
            .sort((a, b) => b.createdAt - a.createdAt)
            .slice(0, limit)
            .map((p) => ({ uri: p.id, cid: p.extra.cid, value: p.extra.record }))
        : [];
    return c.json({ records });
  });

  app.get("/xrpc/app.bsky.feed.getPosts", (c) => {
    const uris = c.req.queries("uris") ?? [];
    if (uris.length > 25)
      return xrpcError(c, 400, "InvalidRequest", "Input/uris must not have more than 25 elements");
    const posts = uris.flatMap((uri) => {
      const post = state.posts.find((p) => p.network === "bluesky" && p.id === uri);
      return post ? [postView(state, post)] : [];
    });
    return c.json({ posts });
  });
}

function postView(state: SandboxState, post: SandboxPost) {
  const account = state.accountById("bluesky", post.accountId);
  const m = state.metricsOf(post);
  return {
    uri: post.id,
    cid: post.extra.cid,
    author: {
      did: post.accountId,
      handle: account?.handle ?? post.handle,
      displayName: account?.displayName,
    },
    record: post.extra.record,
    replyCount: m.replies,
    repostCount: m.reposts,
    likeCount: m.likes,
    quoteCount: m.quotes,
    bookmarkCount: m.bookmarks,
    indexedAt: new Date(post.createdAt).toISOString(),
    viewer: {},
    labels: [],
  };
}

/** The lexicon checks the PDS applies to app.bsky.feed.post (text, facets, embeds, reply refs). */
function validatePost(
  state: SandboxState,
  accountId: string,
  record: Record<string, unknown>,
): string | undefined {
  if (typeof record.text !== "string") return "Record/text must be a string";
  if (typeof record.createdAt !== "string" || Number.isNaN(Date.parse(record.createdAt)))
    return "Record/createdAt must be an valid atproto datetime";
  const bytes = Buffer.byteLength(record.text);
  const graphemes = [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(record.text)]
    .length;
  if (graphemes > 300) return "Record/text must not be longer than 300 graphemes";
  if (bytes > 3000) return "Record/text must not be longer than 3000 characters";
  for (const [i, facet] of (
    (record.facets as { index?: { byteStart?: number; byteEnd?: number } }[] | undefined) ?? []
  ).entries()) {
    const { byteStart = -1, byteEnd = -1 } = facet.index ?? {};
    if (byteStart < 0 || byteEnd > bytes || byteEnd <= byteStart)
      return `Record/facets/${i}/index is out of range`;
  }
  const reply = record.reply as
    | { root?: { uri?: string; cid?: string }; parent?: { uri?: string; cid?: string } }
    | undefined;
  if (reply && (!reply.root?.uri || !reply.root.cid || !reply.parent?.uri || !reply.parent.cid))
    return "Record/reply must have root and parent strong refs";
  const embed = record.embed as Record<string, unknown> | undefined;
  if (embed?.$type === "app.bsky.embed.images") {
    const images =
      (embed.images as
        | { image?: { ref?: { $link?: string }; size?: number }; alt?: unknown }[]
        | undefined) ?? [];
    if (images.length > 4) return "Record/embed/images must not have more than 4 elements";
    for (const [i, image] of images.entries()) {
      if (typeof image.alt !== "string")
        return `Record/embed/images/${i} must have the property "alt"`;
      const blob = state.media.get(image.image?.ref?.$link ?? "");
      if (!blob || blob.account !== accountId)
        return `Record/embed/images/${i}/image references an unknown blob`;
      if (blob.bytes.byteLength > 2_000_000)
        return `Record/embed/images/${i}/image is too big (max 2000000 bytes)`;
    }
  }
  if (embed?.$type === "app.bsky.embed.video") {
    const blob = state.media.get(
      (embed.video as { ref?: { $link?: string } } | undefined)?.ref?.$link ?? "",
    );
    if (blob?.mimeType !== "video/mp4")
      return "Record/embed/video must be an uploaded video/mp4 blob";
  }
  return undefined;
}

function embedMedia(state: SandboxState, embed: Record<string, unknown> | undefined) {
  const refs =
    embed?.$type === "app.bsky.embed.images"
      ? ((embed.images as { image: { ref: { $link: string } }; alt: string }[]) ?? []).map((i) => ({
          cid: i.image.ref.$link,
          alt: i.alt,
        }))
      : embed?.$type === "app.bsky.embed.video"
        ? [
            {
              cid: (embed.video as { ref: { $link: string } }).ref.$link,
              alt: String(embed.alt ?? ""),
            },
          ]
        : [];
  return refs.map((ref) => ({
    id: ref.cid,
    mimeType: state.media.get(ref.cid)?.mimeType ?? "application/octet-stream",
    altText: ref.alt || undefined,
  }));
}
