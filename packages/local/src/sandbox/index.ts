import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { HOST } from "../net.ts";
import { blueskySandbox } from "./bluesky/index.ts";
import { controlRoutes } from "./control.ts";
import { Faults } from "./faults.ts";
import { mailRoutes } from "./mail.ts";
import { mastodonSandbox } from "./mastodon/index.ts";
import { escapeHtml, page } from "./pages.ts";
import { SandboxState } from "./state.ts";
import { xSandbox } from "./x/index.ts";

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
  app.route("/", mailRoutes());
  app.route("/x", xSandbox(state, faults));
  app.route("/mastodon", mastodonSandbox(state, faults));
  app.route("/bluesky", blueskySandbox(state, faults));
  app.route("/_sandbox", controlRoutes(state, faults));
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
</ul>
<p>Control: <code>POST /_sandbox/faults</code>, <code>POST /_sandbox/reset</code>, <code>GET /_sandbox/posts?network=</code>, <code>POST /_sandbox/clock</code>.</p>`,
      ),
    ),
  );
  return app;
}

/** Starts the sandbox on 127.0.0.1; port 0 picks a free one (see `port` on the result). */
export async function startSandbox(port: number): Promise<RunningSandbox> {
  const state = new SandboxState();
  const faults = new Faults(state);
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
