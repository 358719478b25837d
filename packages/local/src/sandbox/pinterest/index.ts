import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState } from "../state.ts";
import { boardsOf, pinterestFaultAnswers, unauthorized } from "./answers.ts";
import { pinterestOAuthRoutes, tokenOf } from "./oauth.ts";
import { pinterestPinRoutes } from "./pins.ts";

type Env = { Variables: { accountId: string } };

/**
 * The Pinterest stand-in, mounted at /pinterest: OAuth at /oauth/ and /v5/oauth/token, the v5
 * API (user_account, boards, pins, pin analytics, media) and the S3-style media upload, with a
 * page per Pin at /pin/:id/ and per account at /:username/.
 */
export function pinterestSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const accountOf = (c: Context) => {
    const { token } = tokenOf(state, bearerOf(c));
    return token?.network === "pinterest" ? token.accountId : undefined;
  };
  app.use("/v5/*", faultGate("pinterest", faults, pinterestFaultAnswers, accountOf));
  pinterestOAuthRoutes(app, state);
  app.use("/v5/*", async (c, next) => {
    const { token } = tokenOf(state, bearerOf(c));
    if (
      token?.network !== "pinterest" ||
      token.kind !== "access" ||
      token.revoked ||
      (token.expiresAt ?? Infinity) < state.now()
    ) {
      return unauthorized(c);
    }
    c.set("accountId", token.accountId);
    return next();
  });
  pinterestPinRoutes(app, state, faults, (c) => c.get("accountId"));

  app.get("/v5/user_account", (c) => {
    const account = state.accountById("pinterest", c.get("accountId"));
    if (!account) return unauthorized(c);
    return c.json({
      account_type: "BUSINESS",
      id: account.id,
      username: account.handle,
      business_name: account.displayName,
      profile_image: `${originOf(c)}/_sandbox/media/sample.png?width=60&height=60`,
      website_url: null,
      board_count: 3,
      pin_count: state.postsOf("pinterest", account.id).length,
    });
  });

  app.get("/v5/boards", (c) => {
    const account = state.accountById("pinterest", c.get("accountId"));
    const size = Math.min(250, Math.max(1, Number(c.req.query("page_size") ?? 25)));
    const all = account ? boardsOf(account) : [];
    const from = Number(c.req.query("bookmark") ?? 0);
    const items = all.slice(from, from + size);
    const next = from + size < all.length ? String(from + size) : null;
    return c.json({ items, bookmark: next });
  });

  const linkOf = (c: Context) => (pin: SandboxPost) => `${originOf(c)}/pinterest/pin/${pin.id}/`;
  app.get("/pin/:id/", (c) => {
    const pin = state.posts.find((p) => p.network === "pinterest" && p.id === c.req.param("id"));
    if (!pin) return c.html(page("Not found", "<h1>Sorry! We couldn't find that Pin.</h1>"), 404);
    return c.html(
      page(
        `${String(pin.extra.title ?? "Pin")} (sandbox)`,
        `<h1>${escapeHtml(String(pin.extra.title ?? ""))}</h1>${postArticle(state, pin, linkOf(c)(pin))}`,
      ),
    );
  });
  app.get("/:username/", (c) => {
    const handle = c.req.param("username");
    const account = state.accountByHandle("pinterest", handle);
    const posts = account ? state.postsOf("pinterest", account.id) : [];
    return c.html(
      timelinePage(state, {
        network: "pinterest",
        networkName: "Pinterest",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  });
  return app;
}

function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}
