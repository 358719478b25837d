import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { HOST } from "../net.ts";
import { mailRoutes } from "./mail.ts";

export interface RunningSandbox {
  url: string;
  close(): Promise<void>;
}

/**
 * The sandbox networks server: stand-ins for each social network's OAuth screens and API,
 * with a timeline page per account. This is its frame (home page and health); each network's
 * endpoints mount here as they are written.
 */
export function sandboxApp(): Hono {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.route("/", mailRoutes());
  app.get("/", (c) =>
    c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cadence sandbox networks</title></head>
<body style="font-family:system-ui;max-width:50rem;margin:2rem auto">
<h1>Sandbox networks</h1>
<p>Local stand-ins for the social networks Cadence publishes to. No network is mounted yet.</p>
</body></html>`),
  );
  return app;
}

export async function startSandbox(port: number): Promise<RunningSandbox> {
  const app = sandboxApp();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: HOST, port }, () => resolve(s));
  });
  return {
    url: `http://${HOST}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
