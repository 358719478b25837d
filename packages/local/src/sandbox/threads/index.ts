import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import { checkContainer, containerOf } from "../meta/containers.ts";
import { graphError, graphToken, metaFaultAnswers } from "../meta/graph.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState, SandboxToken } from "../state.ts";
import { threadsOAuthRoutes } from "./oauth.ts";
import { type ThreadsActor, threadsNode, threadsPostRoutes } from "./posts.ts";

type Env = { Variables: { token: SandboxToken } };

const answers = metaFaultAnswers(
  { code: 4, type: "threads", message: "(#4) Application request limit reached" },
  (c) => graphError(c, 400, { message: "(#100) The post could not be published", code: 100 }),
);

/**
 * The Threads stand-in, mounted at /threads: the dialog under /www (threads.net), the API under
 * /graph (graph.threads.net, versioned v1.0) with /me, containers, publishing, insights and the
 * publishing limit, and a page per account and per post under /web.
 */
export function threadsSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? c.req.query("access_token") ?? "");
    return token?.network === "threads" ? token.accountId : undefined;
  };
  app.use("/graph/*", faultGate("threads", faults, answers, accountOf));
  threadsOAuthRoutes(app, state);
  app.use("/graph/*", async (c, next) => {
    if (/\/graph\/(oauth\/|refresh_)?access_token$/.test(c.req.path)) return next();
    const check = await graphToken(c, state, "threads");
    if (!check.ok) return check.response;
    c.set("token", check.token);
    return next();
  });

  const actor: ThreadsActor = (c, userId) => {
    const account = state.accountById("threads", c.get("token").accountId);
    if (!account || (userId !== "me" && userId !== account.id)) {
      return graphError(c, 400, {
        message: `Unsupported request. Object with ID '${userId}' does not exist or cannot be loaded due to missing permissions.`,
        code: 100,
        subcode: 33,
      });
    }
    return account;
  };
  const web = (c: Context) => `${new URL(c.req.url).origin}/threads/web`;
  const permalinkOf = (c: Context, post: SandboxPost) =>
    `${web(c)}/@${post.handle}/post/${post.extra.shortcode}`;

  app.get("/graph/:version/me", (c) => {
    const account = actor(c, "me");
    if (account instanceof Response) return account;
    return c.json({
      id: account.id,
      username: account.handle,
      name: account.displayName,
      threads_profile_picture_url: `${new URL(c.req.url).origin}/_sandbox/media/sample.jpg?width=150&height=150`,
      threads_biography: "A sandbox account",
    });
  });
  threadsPostRoutes(app, state, faults, actor, permalinkOf);
  app.get("/graph/:version/:id", (c) => {
    const id = c.req.param("id");
    const found = containerOf(state, "threads", id);
    if (found) {
      const user = actor(c, found.media.account);
      if (user instanceof Response) return user;
      const status = checkContainer(state, "threads", id);
      return c.json({
        id,
        status: status?.status,
        ...(status?.reason ? { error_message: status.reason } : {}),
      });
    }
    const post = state.postsOf("threads").find((p) => p.id === id);
    if (!post) {
      return graphError(c, 400, {
        message: `Object with ID '${id}' does not exist`,
        code: 100,
        subcode: 33,
      });
    }
    return c.json(threadsNode(post, permalinkOf(c, post)));
  });

  const linkOf = (c: Context) => (post: SandboxPost) => permalinkOf(c, post);
  app.get("/web/:profile{@[^/]+}", (c) => {
    const handle = c.req.param("profile").slice(1);
    const account = state.accountByHandle("threads", handle);
    const posts = account ? state.postsOf("threads", account.id) : [];
    return c.html(
      timelinePage(state, {
        network: "threads",
        networkName: "Threads",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  });
  app.get("/web/:profile{@[^/]+}/post/:shortcode", (c) => {
    const post = state.posts.find(
      (p) => p.network === "threads" && p.extra.shortcode === c.req.param("shortcode"),
    );
    if (!post) return c.html(page("Not found", "<h1>Sorry, this post isn't available</h1>"), 404);
    return c.html(
      page(
        `${post.handle} on Threads (sandbox)`,
        `<h1>@${escapeHtml(post.handle)}</h1>${postArticle(state, post, linkOf(c)(post))}`,
      ),
    );
  });
  return app;
}
