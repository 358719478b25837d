import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState } from "../state.ts";
import { repoRoutes } from "./repo.ts";
import { didDocument, sessionRoutes } from "./session.ts";
import { blueskyFaultAnswers, xrpcError } from "./xrpc.ts";

type Env = { Variables: { accountId: string } };

/**
 * The Bluesky stand-in, mounted at /bluesky: a PDS that is also its own entryway and AppView
 * (XRPC under /bluesky/xrpc), app-password sessions, a timeline page per account
 * (/bluesky/timeline/<handle>, also /bluesky/profile/<handle>) and a page per post.
 */
export function blueskySandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const pds = (c: Context) => `${new URL(c.req.url).origin}/bluesky`;
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    return token?.network === "bluesky" ? token.accountId : undefined;
  };
  app.use("/xrpc/*", faultGate("bluesky", faults, blueskyFaultAnswers, accountOf));
  sessionRoutes(app, state, pds);
  app.get("/xrpc/com.atproto.identity.resolveHandle", (c) => {
    const account = state.accountByHandle("bluesky", c.req.query("handle") ?? "");
    return account
      ? c.json({ did: account.id })
      : xrpcError(c, 400, "InvalidRequest", "Unable to resolve handle");
  });
  // Blobs are public on a PDS (com.atproto.sync.getBlob needs no session), like handles.
  app.get("/xrpc/com.atproto.sync.getBlob", (c) => {
    const blob = state.media.get(c.req.query("cid") ?? "");
    if (blob?.network !== "bluesky") return xrpcError(c, 400, "BlobNotFound", "Blob not found");
    return new Response(new Uint8Array(blob.bytes), { headers: { "content-type": blob.mimeType } });
  });
  app.use("/xrpc/*", async (c, next) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    if (!bearerOf(c)) return xrpcError(c, 401, "AuthenticationRequired", "Authentication Required");
    if (token?.network !== "bluesky" || token.kind !== "access")
      return xrpcError(c, 400, "InvalidToken", "Token could not be verified");
    if (token.revoked) return xrpcError(c, 401, "InvalidToken", "Token has been revoked");
    if ((token.expiresAt ?? 0) < state.now())
      return xrpcError(c, 400, "ExpiredToken", "Token has expired");
    c.set("accountId", token.accountId);
    return next();
  });
  app.get("/xrpc/com.atproto.server.getSession", (c) => {
    const account = state.accountById("bluesky", c.get("accountId"));
    if (!account) return xrpcError(c, 400, "InvalidToken", "Token could not be verified");
    return c.json({
      handle: account.handle,
      did: account.id,
      didDoc: didDocument(account, pds(c)),
      emailConfirmed: true,
      active: true,
    });
  });
  repoRoutes(app, state, faults, (c) => c.get("accountId"));

  const linkOf = (c: Context) => (post: SandboxPost) =>
    `${pds(c)}/profile/${post.handle}/post/${String(post.extra.rkey)}`;
  const timeline = (c: Context, handle: string) => {
    const account = state.accountByHandle("bluesky", handle);
    const posts = account ? state.postsOf("bluesky", account.id) : [];
    return c.html(
      timelinePage(state, {
        network: "bluesky",
        networkName: "Bluesky",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  };
  app.get("/timeline/:handle", (c) => timeline(c, c.req.param("handle")));
  app.get("/profile/:handle", (c) => timeline(c, c.req.param("handle")));
  app.get("/profile/:handle/post/:rkey", (c) => {
    const post = state.posts.find(
      (p) => p.network === "bluesky" && p.extra.rkey === c.req.param("rkey"),
    );
    if (!post) return c.html(page("Not found", "<h1>Post not found</h1>"), 404);
    return c.html(
      page(
        `${post.handle} on Bluesky (sandbox)`,
        `<h1>@${escapeHtml(post.handle)}</h1>${postArticle(state, post, linkOf(c)(post))}`,
      ),
    );
  });
  return app;
}
