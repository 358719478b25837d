import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { HOST } from "../net.ts";
import { blueskySandbox } from "./bluesky/index.ts";
import { controlRoutes } from "./control.ts";
import { facebookSandbox } from "./facebook/index.ts";
import { Faults, type FaultsOptions } from "./faults.ts";
import { feedSandbox } from "./feeds.ts";
import { googleBusinessSandbox } from "./google-business/index.ts";
import { instagramSandbox } from "./instagram/index.ts";
import { linkedInSandbox } from "./linkedin/index.ts";
import { mastodonSandbox } from "./mastodon/index.ts";
import { escapeHtml, page } from "./pages.ts";
import { pinterestSandbox } from "./pinterest/index.ts";
import { SandboxState } from "./state.ts";
import { stripeSandbox } from "./stripe/index.ts";
import { threadsSandbox } from "./threads/index.ts";
import { tiktokSandbox } from "./tiktok/index.ts";
import { xSandbox } from "./x/index.ts";
import { youtubeSandbox } from "./youtube/index.ts";

export interface RunningSandbox {
  url: string;
  /** The bound port: the one asked for, or the one the OS picked for 0. */
  port: number;
  state: SandboxState;
  faults: Faults;
  close(): Promise<void>;
}

/**
 * The sandbox networks server: stand-ins for each social network's OAuth screens and API under
 * a prefix per network (/x, /mastodon, /bluesky), with a timeline page per account and the
 * control API under /_sandbox (faults, reset, posts received, clock, sample media).
 */
export function sandboxApp(state = new SandboxState(), faults = new Faults(state)): Hono {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.route("/x", xSandbox(state, faults));
  app.route("/mastodon", mastodonSandbox(state, faults));
  app.route("/bluesky", blueskySandbox(state, faults));
  app.route("/tiktok", tiktokSandbox(state, faults));
  app.route("/youtube", youtubeSandbox(state, faults));
  app.route("/pinterest", pinterestSandbox(state, faults));
  app.route("/google-business", googleBusinessSandbox(state, faults));
  app.route("/linkedin", linkedInSandbox(state, faults));
  app.route("/facebook", facebookSandbox(state, faults));
  app.route("/instagram", instagramSandbox(state, faults));
  app.route("/threads", threadsSandbox(state, faults));
  app.route("/_sandbox", controlRoutes(state, faults));
  app.route("/feeds", feedSandbox());
  // Stripe's API (/v1), its hosted pages (/stripe) and their controls (/_stripe).
  app.route("/", stripeSandbox());
  // Where authorize pages send people when the test gives this as redirect_uri.
  app.get("/_sandbox/callback", (c) =>
    c.html(
      page(
        "Connected (sandbox)",
        `<h1>Back from the network</h1><pre>${escapeHtml(new URL(c.req.url).search)}</pre>`,
      ),
    ),
  );
  app.get("/", (c) =>
    c.html(
      page(
        "Cadence sandbox networks",
        `<h1>Sandbox networks</h1>
<p>Local stand-ins for the social networks Cadence publishes to.</p>
<ul>
<li>X — API at <code>/x/2/…</code>, authorize at <code>/x/i/oauth2/authorize</code>, timelines at <code>/x/timeline/&lt;handle&gt;</code></li>
<li>Mastodon — one server at <code>/mastodon</code>, timelines at <code>/mastodon/@&lt;handle&gt;</code></li>
<li>Bluesky — a PDS at <code>/bluesky/xrpc/…</code>, timelines at <code>/bluesky/profile/&lt;handle&gt;</code></li>
<li>TikTok — API at <code>/tiktok/v2/…</code>, authorize at <code>/tiktok/v2/auth/authorize/</code>, timelines at <code>/tiktok/@&lt;handle&gt;</code></li>
<li>YouTube — Data API at <code>/youtube/youtube/v3/…</code>, uploads at <code>/youtube/upload/youtube/v3/…</code>, Google OAuth at <code>/youtube/o/oauth2/v2/auth</code>, channels at <code>/youtube/@&lt;handle&gt;</code></li>
<li>Pinterest — API at <code>/pinterest/v5/…</code>, authorize at <code>/pinterest/oauth/</code>, Pins at <code>/pinterest/pin/&lt;id&gt;/</code>, profiles at <code>/pinterest/&lt;username&gt;/</code></li>
<li>Google Business Profile — accounts at <code>/google-business/v1/accounts</code>, local posts at <code>/google-business/v4/…/localPosts</code>, Google OAuth at <code>/google-business/o/oauth2/v2/auth</code></li>
<li>LinkedIn — OAuth at <code>/linkedin/oauth/v2/…</code>, API at <code>/linkedin/rest/…</code>, timelines at <code>/linkedin/timeline/&lt;handle&gt;</code></li>
<li>Facebook — login at <code>/facebook/www/…/dialog/oauth</code>, Graph API at <code>/facebook/graph/…</code>, Page timelines at <code>/facebook/web/timeline/&lt;handle&gt;</code></li>
<li>Instagram — login at <code>/instagram/www/oauth/authorize</code>, Graph API at <code>/instagram/graph/…</code>, profiles at <code>/instagram/web/&lt;handle&gt;/</code></li>
<li>Threads — login at <code>/threads/www/oauth/authorize</code>, API at <code>/threads/graph/v1.0/…</code>, profiles at <code>/threads/web/@&lt;handle&gt;</code></li>
</ul>
<p>Feeds: <code>PUT /feeds/&lt;name&gt;</code> sets a test feed (RSS, Atom or JSON Feed), served with ETag and Last-Modified at <code>GET /feeds/&lt;name&gt;</code>.</p>
<p>Stripe — API at <code>/v1/…</code> (customers, prices, Checkout and Portal sessions, subscriptions, webhook endpoints), hosted pages at <code>/stripe/…</code> (test card 4242 4242 4242 4242; 4000 0000 0000 0002 is declined), controls at <code>/_stripe/…</code></p>
<p>Control: <code>POST /_sandbox/faults</code>, <code>POST /_sandbox/reset</code>, <code>GET /_sandbox/posts?network=</code>, <code>POST /_sandbox/clock</code>.</p>`,
      ),
    ),
  );
  return app;
}

/**
 * Starts the sandbox on 127.0.0.1; port 0 picks a free one (see `port` on the result). A shared
 * sandbox (the test run's, which concurrent test files use) takes faults and clock moves only for
 * one named account, and cannot be reset.
 */
export async function startSandbox(
  port: number,
  options: FaultsOptions = {},
): Promise<RunningSandbox> {
  const state = new SandboxState();
  const faults = new Faults(state, options);
  const app = sandboxApp(state, faults);
  const { server, bound } = await new Promise<{ server: ReturnType<typeof serve>; bound: number }>(
    (resolve) => {
      const s = serve({ fetch: app.fetch, hostname: HOST, port }, (info) =>
        resolve({ server: s, bound: info.port }),
      );
    },
  );
  return {
    url: `http://${HOST}:${bound}`,
    port: bound,
    state,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        // Held requests (timeout faults) must not keep the server open.
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
