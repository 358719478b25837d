import type { SandboxPost, SandboxState } from "./state.ts";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui;max-width:46rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}article .meta{color:#666;font-size:.85rem}article.reply{margin-left:2rem}</style>
</head><body>${body}</body></html>`;
}

/**
 * One account's posts, newest first, in markup a browser test can read: every post is an
 * `<article data-post-id>` with its text in `.text`, media in `[data-media]` and metrics in
 * `[data-metric]`.
 */
export function timelinePage(
  state: SandboxState,
  input: {
    network: string;
    networkName: string;
    handle: string;
    posts: SandboxPost[];
    linkOf(post: SandboxPost): string;
  },
): string {
  const posts = [...input.posts].sort((a, b) => b.createdAt - a.createdAt);
  const items = posts.map((post) => postArticle(state, post, input.linkOf(post))).join("\n");
  return page(
    `@${input.handle} on ${input.networkName} (sandbox)`,
    `<h1>@${escapeHtml(input.handle)} <small>on ${escapeHtml(input.networkName)} (sandbox)</small></h1>
<p data-post-count="${posts.length}">${posts.length} ${posts.length === 1 ? "post" : "posts"}</p>
${items || "<p>No posts yet.</p>"}`,
  );
}

export function postArticle(state: SandboxState, post: SandboxPost, link: string): string {
  const metrics = state.metricsOf(post);
  const media = post.media
    .map(
      (m) =>
        `<li data-media="${escapeHtml(m.mimeType)}">${escapeHtml(m.mimeType)}${m.altText ? ` — ${escapeHtml(m.altText)}` : ""}</li>`,
    )
    .join("");
  const card = post.extra.card as { uri?: string; title?: string } | undefined;
  return `<article data-post-id="${escapeHtml(post.id)}"${post.replyTo ? ` class="reply" data-reply-to="${escapeHtml(post.replyTo)}"` : ""}>
<p class="text">${escapeHtml(post.text).replace(/\n/g, "<br>")}</p>
${media ? `<ul class="media">${media}</ul>` : ""}
${card ? `<p class="card" data-card="${escapeHtml(card.uri ?? "")}">${escapeHtml(card.title ?? "")}</p>` : ""}
<p class="meta"><a href="${escapeHtml(link)}">${new Date(post.createdAt).toISOString()}</a>
 · <span data-metric="likes">${metrics.likes}</span> likes
 · <span data-metric="reposts">${metrics.reposts}</span> reposts
 · <span data-metric="replies">${metrics.replies}</span> replies</p>
</article>`;
}
