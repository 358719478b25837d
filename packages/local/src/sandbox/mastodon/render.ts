import { escapeHtml } from "../pages.ts";
import type { SandboxAccount, SandboxMedia, SandboxPost, SandboxState } from "../state.ts";

/** Mastodon's Account entity, as verify_credentials and statuses carry it. */
export function accountEntity(
  base: string,
  account: SandboxAccount,
  figures: { followers: number; following: number; posts: number },
) {
  return {
    id: account.id,
    username: account.handle,
    acct: account.handle,
    display_name: account.displayName,
    locked: false,
    bot: false,
    created_at: "2024-01-01T00:00:00.000Z",
    note: "<p>A sandbox account.</p>",
    url: `${base}/@${account.handle}`,
    avatar: `${base.replace(/\/mastodon$/, "")}/_sandbox/media/sample.png?width=48&height=48`,
    avatar_static: `${base.replace(/\/mastodon$/, "")}/_sandbox/media/sample.png?width=48&height=48`,
    followers_count: figures.followers,
    following_count: figures.following,
    statuses_count: figures.posts,
  };
}

/** Mastodon's MediaAttachment entity; `url` stays null while processing. */
export function attachmentEntity(base: string, media: SandboxMedia) {
  const type =
    media.mimeType === "image/gif"
      ? "gifv"
      : media.mimeType.startsWith("video/")
        ? "video"
        : "image";
  const ready = media.pendingPolls === 0;
  return {
    id: media.id,
    type,
    url: ready ? `${base}/media/${media.id}` : null,
    preview_url: ready ? `${base}/media/${media.id}` : null,
    remote_url: null,
    description: media.altText ?? null,
    blurhash: null,
    meta: {},
  };
}

/** Mastodon's Status entity, with counts that grow on the sandbox clock. */
export function statusEntity(base: string, state: SandboxState, post: SandboxPost) {
  const account = state.accountById("mastodon", post.accountId);
  const metrics = state.metricsOf(post);
  const url = `${base}/@${post.handle}/${post.id}`;
  return {
    id: post.id,
    created_at: new Date(post.createdAt).toISOString(),
    in_reply_to_id: post.replyTo ?? null,
    in_reply_to_account_id: post.replyTo ? post.accountId : null,
    sensitive: false,
    spoiler_text: "",
    visibility: post.extra.visibility ?? "public",
    language: "en",
    uri: `${base}/users/${post.handle}/statuses/${post.id}`,
    url,
    replies_count: metrics.replies,
    reblogs_count: metrics.reposts,
    favourites_count: metrics.likes,
    quotes_count: metrics.quotes,
    content: statusHtml(post.text),
    account: account ? accountEntity(base, account, state.accountFiguresOf(account)) : null,
    media_attachments: post.media.map((m) => {
      const stored = state.media.get(m.id);
      return stored ? attachmentEntity(base, stored) : { id: m.id };
    }),
    mentions: [],
    tags: [],
    emojis: [],
    card: null,
    poll: null,
  };
}

/** Mastodon's formatter: paragraphs, <br />, and links with the scheme hidden in a span. */
export function statusHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${linkify(paragraph).replace(/\n/g, "<br />")}</p>`)
    .join("");
}

function linkify(text: string): string {
  let html = "";
  let position = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<]+/g)) {
    const start = match.index ?? 0;
    html += escapeHtml(text.slice(position, start));
    const url = match[0];
    const scheme = url.match(/^https?:\/\//)?.[0] ?? "";
    html += `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${scheme}</span><span class="">${escapeHtml(url.slice(scheme.length))}</span><span class="invisible"></span></a>`;
    position = start + url.length;
  }
  return html + escapeHtml(text.slice(position));
}

/**
 * Mastodon's StatusLengthValidator, from its documentation and source: graphemes, with every
 * http(s) URL counted as 23 characters and a remote mention counted as its "@username" only.
 */
export function statusLength(text: string): number {
  const counted = text
    .replace(/https?:\/\/[^\s]+/g, "x".repeat(23))
    .replace(
      /(^|[^\p{L}\p{N}_/=])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[\p{L}\p{N}_.-]+[\p{L}\p{N}_]/giu,
      "$1@$2",
    );
  return [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(counted)].length;
}
