import { type Context, Hono } from "hono";
import { type FaultAnswers, type Faults, faultGate } from "../faults.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState } from "../state.ts";
import { mastodonOAuthRoutes } from "./oauth.ts";
import { accountEntity } from "./render.ts";
import { mastodonStatusRoutes } from "./statuses.ts";

type Env = { Variables: { accountId: string } };

/** Mastodon's errors are `{"error": "…"}`; its rate limiter adds X-RateLimit-* headers. */
const mastodonFaultAnswers: FaultAnswers = {
  // An overloaded instance answers from its proxy, in HTML.
  unavailable: (c) =>
    c.html(
      "<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
      503,
    ),
  rateLimited: (c, seconds, resetAt) => {
    c.header("x-ratelimit-limit", "300");
    c.header("x-ratelimit-remaining", "0");
    c.header("x-ratelimit-reset", new Date(resetAt * 1000).toISOString());
    c.header("retry-after", String(seconds));
    return c.json({ error: "Too many requests" }, 429);
  },
  rejected: (c) =>
    c.json({ error: "Validation failed: Text character limit of 500 exceeded" }, 422),
};

/**
 * The Mastodon stand-in, mounted at /mastodon as if it were one server: app registration,
 * OAuth, verify_credentials, media, statuses with idempotency, a timeline page per account
 * (/mastodon/timeline/<handle>, also /mastodon/@<handle>) and a page per status.
 */
export function mastodonSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const base = (c: Context) => `${new URL(c.req.url).origin}/mastodon`;
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    return token?.network === "mastodon" ? token.accountId : undefined;
  };
  app.use("/api/*", faultGate("mastodon", faults, mastodonFaultAnswers, accountOf));
  // Registration and OAuth come before the bearer check: they authenticate the client.
  mastodonOAuthRoutes(app, state);
  app.use("/api/*", async (c, next) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    if (token?.network !== "mastodon") return c.json({ error: "The access token is invalid" }, 401);
    if (token.revoked) return c.json({ error: "The access token was revoked" }, 401);
    c.set("accountId", token.accountId);
    return next();
  });

  app.get("/api/v1/accounts/verify_credentials", (c) => {
    const account = state.accountById("mastodon", c.get("accountId"));
    if (!account) return c.json({ error: "The access token is invalid" }, 401);
    return c.json(accountEntity(base(c), account, state.accountFiguresOf(account)));
  });
  mastodonStatusRoutes(app, state, faults, (c) => c.get("accountId"), base);

  const linkOf = (c: Context) => (post: SandboxPost) => `${base(c)}/@${post.handle}/${post.id}`;
  const timeline = (c: Context, handle: string) => {
    const account = state.accountByHandle("mastodon", handle);
    const posts = account ? state.postsOf("mastodon", account.id) : [];
    return c.html(
      timelinePage(state, {
        network: "mastodon",
        networkName: "Mastodon",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  };
  app.get("/timeline/:handle", (c) => timeline(c, c.req.param("handle")));
  app.get("/:profile{@[^/]+}", (c) => timeline(c, c.req.param("profile").slice(1)));
  app.get("/:profile{@[^/]+}/:id", (c) => {
    const post = state.posts.find((p) => p.network === "mastodon" && p.id === c.req.param("id"));
    if (!post) return c.html(page("Not found", "<h1>This status does not exist</h1>"), 404);
    return c.html(
      page(
        `${post.handle} on Mastodon (sandbox)`,
        `<h1>@${escapeHtml(post.handle)}</h1>${postArticle(state, post, linkOf(c)(post))}`,
      ),
    );
  });
  return app;
}
