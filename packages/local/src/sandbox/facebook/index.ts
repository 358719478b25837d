import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import {
  type InstagramActor,
  instagramContentRoutes,
  instagramNode,
} from "../instagram/content.ts";
import { graphError, graphToken, metaFaultAnswers, requestedFields } from "../meta/graph.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxAccount, SandboxPost, SandboxState, SandboxToken } from "../state.ts";
import { FacebookDirectory } from "./directory.ts";
import { facebookOAuthRoutes } from "./oauth.ts";
import { facebookPostRoutes, type PageOf, postNode } from "./posts.ts";
import { facebookVideoRoutes, videoNode } from "./videos.ts";

type Env = { Variables: { token: SandboxToken; tokenValue: string } };

const answers = metaFaultAnswers(
  { code: 32, type: "pages", message: "(#32) Page request limit reached" },
  (c) =>
    graphError(c, 400, {
      message: "The action attempted has been deemed abusive or is otherwise disallowed",
      code: 368,
    }),
);

/**
 * The Facebook stand-in, mounted at /facebook: the login dialog under /www, the Graph API under
 * /graph (graph.facebook.com and graph-video.facebook.com alike), Page posts, photos, videos,
 * comments and insights, the Instagram content API for Instagram accounts reached through
 * Facebook Login, and pages per post and per Page timeline under /web.
 */
export function facebookSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const directory = new FacebookDirectory(state);
  const web = (c: Context) => `${new URL(c.req.url).origin}/facebook/web`;
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? c.req.query("access_token") ?? "");
    return token?.network === "facebook" ? token.accountId : undefined;
  };
  app.use("/graph/*", faultGate("facebook", faults, answers, accountOf));
  facebookOAuthRoutes(app, state);
  app.use("/graph/*", async (c, next) => {
    if (c.req.path.endsWith("/oauth/access_token")) return next();
    const check = await graphToken(c, state, "facebook");
    if (!check.ok) return check.response;
    c.set("token", check.token);
    c.set("tokenValue", check.value);
    return next();
  });

  const pageOf: PageOf = async (c, pageId) => {
    const acting = directory.pageOf(c.get("tokenValue"));
    if (!acting || acting.id !== pageId) {
      return graphError(c, 400, {
        message: `(#200) Acting on Page ${pageId} requires that Page's access token`,
        code: 200,
      });
    }
    if (c.req.method === "POST" && !c.get("token").scopes.includes("pages_manage_posts")) {
      return graphError(c, 403, {
        message: "(#200) The pages_manage_posts permission is required",
        code: 200,
      });
    }
    return acting;
  };
  const instagramActor: InstagramActor = async (c, igUserId) => {
    const acting = directory.pageOf(c.get("tokenValue"));
    const instagram = acting ? directory.instagramOf(acting.id) : undefined;
    if (!instagram || (igUserId !== instagram.id && igUserId !== "me")) {
      return graphError(c, 400, {
        message: `Unsupported request. Object with ID '${igUserId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        code: 100,
        subcode: 33,
      });
    }
    return instagram;
  };

  app.get("/graph/:version/me", (c) => {
    const acting = directory.pageOf(c.get("tokenValue"));
    if (acting) return c.json({ id: acting.id, name: acting.displayName });
    const user = state.accountById("facebook", c.get("token").accountId);
    if (!user) return graphError(c, 400, { message: "Invalid user", code: 190 });
    const fields = requestedFields(c);
    return c.json({
      id: user.id,
      name: user.displayName,
      ...(fields.has("picture")
        ? {
            picture: {
              data: {
                url: `${new URL(c.req.url).origin}/_sandbox/media/sample.png?width=50&height=50`,
                width: 50,
                height: 50,
              },
            },
          }
        : {}),
    });
  });

  app.get("/graph/:version/me/accounts", (c) => {
    const token = c.get("token");
    const user = state.accountById("facebook", token.accountId);
    if (!user || directory.pageOf(c.get("tokenValue"))) {
      return graphError(c, 400, {
        message: "(#100) Tried accessing nonexisting field (accounts)",
        code: 100,
      });
    }
    if (!token.scopes.includes("pages_show_list")) return c.json({ data: [] });
    const fields = requestedFields(c);
    const pages = directory.pagesOf(user).map((p) => {
      const instagram = directory.instagramOf(p.id);
      return {
        id: p.id,
        name: p.displayName,
        access_token: directory.tokenFor(p, token),
        category: "Media/news company",
        tasks: ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"],
        ...(fields.has("instagram_business_account") && instagram
          ? { instagram_business_account: { id: instagram.id, username: instagram.handle } }
          : {}),
      };
    });
    return c.json({
      data: pages,
      paging: { cursors: { before: "QVFIUmRA", after: "QVFIUmRB" } },
    });
  });

  app.delete("/graph/:version/me/permissions", (c) => {
    state.revokeAll("facebook", c.get("token").accountId);
    return c.json({ success: true });
  });

  facebookPostRoutes(app, state, faults, pageOf, web);
  facebookVideoRoutes(app, state, faults, pageOf);
  instagramContentRoutes(app, state, faults, instagramActor);

  app.get("/graph/:version/:id", async (c) => {
    const id = c.req.param("id");
    if (directory.isPage(id)) {
      const found = state.accountById("facebook", id) as SandboxAccount;
      const instagram = directory.instagramOf(id);
      return c.json({
        id,
        name: found.displayName,
        link: `${web(c)}/timeline/${found.handle}`,
        ...(requestedFields(c).has("instagram_business_account") && instagram
          ? { instagram_business_account: { id: instagram.id } }
          : {}),
      });
    }
    const post = state.postsOf("facebook").find((p) => p.id === id && !p.replyTo);
    if (post) return c.json(postNode(state, post, web(c)));
    const video = videoNode(state, id);
    if (video) return c.json(video);
    if (state.accountById("instagram", id)) {
      const account = await instagramActor(c, id);
      if (account instanceof Response) return account;
      return c.json({
        id: account.id,
        username: account.handle,
        name: account.displayName,
        profile_picture_url: `${new URL(c.req.url).origin}/_sandbox/media/sample.jpg?width=150&height=150`,
      });
    }
    return (
      (await instagramNode(c, state, instagramActor, id)) ??
      graphError(c, 400, {
        message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        code: 100,
        subcode: 33,
      })
    );
  });

  const linkOf = (c: Context) => (post: SandboxPost) =>
    `${web(c)}/${post.accountId}/posts/${post.id.split("_").pop()}`;
  app.get("/web/timeline/:handle", (c) => {
    const handle = c.req.param("handle");
    const account = state.accountByHandle("facebook", handle);
    const posts = account ? state.postsOf("facebook", account.id).filter((p) => !p.replyTo) : [];
    return c.html(
      timelinePage(state, {
        network: "facebook",
        networkName: "Facebook",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  });
  app.get("/web/:pageId/posts/:postPart", (c) => {
    const id = `${c.req.param("pageId")}_${c.req.param("postPart")}`;
    const post = state.postsOf("facebook").find((p) => p.id === id);
    if (!post) return c.html(page("Not found", "<h1>This content isn't available</h1>"), 404);
    const comments = state.posts.filter((p) => p.replyTo === post.id);
    return c.html(
      page(
        `${post.handle} on Facebook (sandbox)`,
        `<h1>${escapeHtml(post.handle)}</h1>${[post, ...comments].map((p) => postArticle(state, p, linkOf(c)(p))).join("\n")}`,
      ),
    );
  });
  return app;
}
