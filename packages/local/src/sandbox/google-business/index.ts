import { type Context, Hono } from "hono";
import { type FaultAnswers, type Faults, faultGate } from "../faults.ts";
import { googleBearer, googleError, googleOAuthRoutes } from "../google/oauth.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState } from "../state.ts";
import { businessAccountsOf, localPostRoutes, locationsOf, ownsLocation } from "./posts.ts";

type Env = { Variables: { accountId: string } };

const scope = "https://www.googleapis.com/auth/business.manage";

/** Business Profile APIs answer in AIP-193's shape; their quotas are per minute. */
const answers: FaultAnswers = {
  unavailable: (c) =>
    googleError(c, {
      code: 503,
      status: "UNAVAILABLE",
      message: "The service is currently unavailable.",
      reason: "UNAVAILABLE",
      style: "aip193",
    }),
  rateLimited: (c) =>
    googleError(c, {
      code: 429,
      status: "RESOURCE_EXHAUSTED",
      message:
        "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'mybusiness.googleapis.com'.",
      reason: "RATE_LIMIT_EXCEEDED",
      style: "aip193",
    }),
  rejected: (c) =>
    googleError(c, {
      code: 400,
      status: "INVALID_ARGUMENT",
      message: "Request contains an invalid argument.",
      reason: "INVALID_ARGUMENT",
      style: "aip193",
    }),
};

/**
 * The Google Business Profile stand-in, mounted at /google-business: Google OAuth, the Account
 * Management API (GET /v1/accounts), the Business Information API (GET /v1/{account}/locations
 * with its required readMask) and the v4 local posts, with a page per post (the searchUrl) and
 * per location.
 */
export function googleBusinessSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    return token?.network === "google-business" ? token.accountId : undefined;
  };
  for (const path of ["/v1/*", "/v4/*"]) {
    app.use(path, faultGate("google-business", faults, answers, accountOf));
  }
  googleOAuthRoutes(app, state, "google-business", {
    details:
      "<p>Cadence will see the Business Profile accounts and locations you manage and post updates to the ones you choose.</p>",
  });
  for (const path of ["/v1/*", "/v4/*"]) {
    app.use(path, googleBearer(state, "google-business", scope, "aip193"));
  }

  app.get("/v1/accounts", (c) => {
    const account = state.accountById("google-business", c.get("accountId"));
    return c.json({ accounts: account ? businessAccountsOf(account) : [] });
  });

  app.get("/v1/accounts/:account/locations", (c) => {
    const readMask = (c.req.query("readMask") ?? "").split(",").filter(Boolean);
    if (readMask.length === 0) {
      return googleError(c, {
        code: 400,
        status: "INVALID_ARGUMENT",
        message: "Request contains an invalid argument. read_mask: is required.",
        reason: "INVALID_ARGUMENT",
        style: "aip193",
      });
    }
    const account = state.accountById("google-business", c.get("accountId"));
    const locations = account ? locationsOf(account, `accounts/${c.req.param("account")}`) : [];
    const masked = locations.map((location) =>
      Object.fromEntries(Object.entries(location).filter(([field]) => readMask.includes(field))),
    );
    return c.json({ locations: masked, totalSize: masked.length });
  });

  localPostRoutes(app, state, faults, (c) => c.get("accountId"));

  const linkOf = (post: SandboxPost) => String(post.extra.searchUrl);
  app.get("/place", (c) => {
    const post = state.posts.find(
      (p) => p.network === "google-business" && p.id === c.req.query("lpsid"),
    );
    if (post?.extra.state !== "LIVE") {
      return c.html(page("Not found", "<h1>This update is not available</h1>"), 404);
    }
    return c.html(
      page(
        "Business update (sandbox)",
        `<h1>${escapeHtml(String(post.extra.location))}</h1>${postArticle(state, post, linkOf(post))}`,
      ),
    );
  });
  app.get("/accounts/:account/locations/:location", (c) => {
    const parent = `accounts/${c.req.param("account")}/locations/${c.req.param("location")}`;
    const owner = state.posts.find((p) => p.extra.location === parent)?.accountId ?? "";
    const posts = ownsLocation(state, owner, parent)
      ? state
          .postsOf("google-business", owner)
          .filter((p) => p.extra.location === parent && p.extra.state === "LIVE")
      : [];
    return c.html(
      timelinePage(state, {
        network: "google-business",
        networkName: "Google Business Profile",
        handle: parent,
        posts,
        linkOf,
      }),
    );
  });
  return app;
}
