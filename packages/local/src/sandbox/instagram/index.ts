import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import { graphError, graphToken, metaFaultAnswers } from "../meta/graph.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState, SandboxToken } from "../state.ts";
import { type InstagramActor, instagramContentRoutes, instagramNode, webOf } from "./content.ts";
import { instagramOAuthRoutes } from "./oauth.ts";

type Env = { Variables: { token: SandboxToken } };

const answers = metaFaultAnswers(
  { code: 4, type: "instagram", message: "(#4) Application request limit reached" },
  (c) => graphError(c, 400, { message: "(#100) The media could not be published", code: 100 }),
);

/**
 * The Instagram stand-in, mounted at /instagram: Business Login's dialog under /www, its token
 * endpoint under /api (api.instagram.com), the Graph API under /graph (graph.instagram.com) with
 * /me and the content publishing API, and a page per post and per account under /web.
 */
export function instagramSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? c.req.query("access_token") ?? "");
    return token?.network === "instagram" ? token.accountId : undefined;
  };
  app.use("/graph/*", faultGate("instagram", faults, answers, accountOf));
  instagramOAuthRoutes(app, state);
  app.use("/graph/*", async (c, next) => {
    if (/^\/graph\/(refresh_)?access_token$/.test(c.req.path.replace(/^\/instagram/, ""))) {
      return next();
    }
    const check = await graphToken(c, state, "instagram");
    if (!check.ok) return check.response;
    c.set("token", check.token);
    return next();
  });

  const actor: InstagramActor = async (c, igUserId) => {
    const token = c.get("token") as SandboxToken;
    const account = state.accountById("instagram", token.accountId);
    if (!account || (igUserId !== "me" && igUserId !== account.id)) {
      return graphError(c, 400, {
        message: `Unsupported request. Object with ID '${igUserId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        code: 100,
        subcode: 33,
      });
    }
    return account;
  };

  app.get("/graph/:version/me", async (c) => {
    const account = await actor(c, "me");
    if (account instanceof Response) return account;
    return c.json(userNode(c, account.id, account.handle, account.displayName));
  });
  instagramContentRoutes(app, state, faults, actor);
  app.get("/graph/:version/:id", async (c) => {
    const id = c.req.param("id");
    const account = state.accountById("instagram", id);
    if (account && account.id === c.get("token").accountId) {
      return c.json(userNode(c, account.id, account.handle, account.displayName));
    }
    return (
      (await instagramNode(c, state, actor, id)) ??
      graphError(c, 400, {
        message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        code: 100,
        subcode: 33,
      })
    );
  });

  const linkOf = (c: Context) => (post: SandboxPost) => `${webOf(c)}/p/${post.extra.shortcode}/`;
  const postPage = (c: Context) => {
    const post = state.posts.find(
      (p) => p.network === "instagram" && p.extra.shortcode === c.req.param("shortcode"),
    );
    if (!post) return c.html(page("Not found", "<h1>Sorry, this page isn't available.</h1>"), 404);
    const comments = state.posts.filter((p) => p.replyTo === post.id);
    return c.html(
      page(
        `${post.handle} on Instagram (sandbox)`,
        `<h1>@${escapeHtml(post.handle)}</h1>${[post, ...comments].map((p) => postArticle(state, p, linkOf(c)(p))).join("\n")}`,
      ),
    );
  };
  app.get("/web/p/:shortcode", postPage);
  app.get("/web/p/:shortcode/", postPage);
  const profilePage = (c: Context) => {
    const handle = c.req.param("username") ?? "";
    const account = state.accountByHandle("instagram", handle);
    const posts = account ? state.postsOf("instagram", account.id).filter((p) => !p.replyTo) : [];
    return c.html(
      timelinePage(state, {
        network: "instagram",
        networkName: "Instagram",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  };
  app.get("/web/:username", profilePage);
  app.get("/web/:username/", profilePage);
  return app;
}

/** GET /me or /{ig-user-id} under Instagram Login: `id` and `user_id` name the same account here. */
function userNode(c: Context, id: string, username: string, name: string) {
  return {
    id,
    user_id: id,
    username,
    name,
    account_type: "BUSINESS",
    profile_picture_url: `${new URL(c.req.url).origin}/_sandbox/media/sample.jpg?width=150&height=150`,
  };
}
