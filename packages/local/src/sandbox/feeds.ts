import { generateAtomFeed, generateJsonFeed, generateRssFeed } from "feedsmith";
import { Hono } from "hono";
import * as z from "zod";

/**
 * A feed server for tests and `pnpm dev`: each named feed (a test picks a fresh name, so
 * concurrent files never share one) is set with `PUT /feeds/<name>` and served at
 * `GET /feeds/<name>` as RSS 2.0, Atom 1.0 or JSON Feed 1.1, answering conditional requests as
 * a real server does (RFC 9110: If-None-Match wins over If-Modified-Since, 304 without a body).
 * Faults make it hostile: an error status, a slow answer, a redirect elsewhere, a huge body.
 * `GET /feeds/<name>/_stats` counts requests and 304s.
 */
const Entry = z.object({
  id: z.string().min(1),
  title: z.string(),
  link: z.string(),
  summary: z.string().default(""),
  image: z.string().optional(),
  publishedAt: z.string(),
});
const FeedInput = z.object({
  format: z.enum(["rss", "atom", "json"]).default("rss"),
  title: z.string().default("Sandbox feed"),
  entries: z.array(Entry).default([]),
  /** Sent as ETag; false serves only Last-Modified. */
  etag: z.boolean().default(true),
  fault: z
    .object({
      status: z.number().int().min(400).max(599).optional(),
      delayMs: z.number().int().min(0).max(120_000).optional(),
      redirectTo: z.string().optional(),
      /** Bytes of padding inside the document, to exceed a reader's size cap. */
      padBytes: z.number().int().min(0).max(50_000_000).optional(),
    })
    .default({}),
});
type FeedInput = z.infer<typeof FeedInput>;

interface Served {
  input: FeedInput;
  version: number;
  modifiedAt: Date;
  requests: number;
  notModified: number;
}

function render(feed: FeedInput, base: string): { body: string; type: string } {
  const { entries } = feed;
  if (feed.format === "json") {
    const body = generateJsonFeed({
      title: feed.title,
      home_page_url: base,
      items: entries.map((e) => ({
        id: e.id,
        url: e.link,
        title: e.title,
        content_text: e.summary || e.title,
        image: e.image,
        date_published: new Date(e.publishedAt),
      })),
    });
    return { body: JSON.stringify(body), type: "application/feed+json" };
  }
  if (feed.format === "atom") {
    return {
      body: generateAtomFeed({
        id: base,
        title: { value: feed.title },
        updated: new Date(),
        entries: entries.map((e) => ({
          id: e.id,
          title: { value: e.title },
          updated: new Date(e.publishedAt),
          published: new Date(e.publishedAt),
          summary: { value: e.summary },
          links: [
            { href: e.link, rel: "alternate" },
            ...(e.image ? [{ href: e.image, rel: "enclosure", type: "image/png" }] : []),
          ],
        })),
      }) as string,
      type: "application/atom+xml",
    };
  }
  return {
    body: generateRssFeed({
      title: feed.title,
      link: base,
      description: feed.fault.padBytes ? "x".repeat(feed.fault.padBytes) : feed.title,
      items: entries.map((e) => ({
        title: e.title,
        link: e.link,
        guid: { value: e.id, isPermaLink: false },
        description: e.summary,
        pubDate: new Date(e.publishedAt),
        ...(e.image ? { enclosures: [{ url: e.image, length: 0, type: "image/png" }] } : {}),
      })),
    }) as string,
    type: "application/rss+xml",
  };
}

export function feedSandbox(): Hono {
  const feeds = new Map<string, Served>();
  const app = new Hono();
  app.put("/:name", async (c) => {
    const parsed = FeedInput.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: "invalid feed", issues: parsed.error.issues }, 400);
    const current = feeds.get(c.req.param("name"));
    feeds.set(c.req.param("name"), {
      input: parsed.data,
      version: (current?.version ?? 0) + 1,
      // HTTP dates have whole seconds: a change within the same second still moves it on.
      modifiedAt: new Date(Math.max(Date.now(), (current?.modifiedAt.getTime() ?? 0) + 1000)),
      requests: current?.requests ?? 0,
      notModified: current?.notModified ?? 0,
    });
    return c.json({ version: (current?.version ?? 0) + 1 });
  });
  app.get("/:name/_stats", (c) => {
    const served = feeds.get(c.req.param("name"));
    if (!served) return c.json({ error: "no such feed" }, 404);
    return c.json({ requests: served.requests, notModified: served.notModified });
  });
  app.get("/:name", async (c) => {
    const served = feeds.get(c.req.param("name"));
    if (!served) return c.text("Not Found", 404);
    served.requests += 1;
    const { fault } = served.input;
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.status) return c.text("Internal trouble: stack trace here", fault.status as 500);
    if (fault.redirectTo) return c.redirect(fault.redirectTo, 302);
    const etag = `"v${served.version}"`;
    const lastModified = served.modifiedAt.toUTCString();
    const ifNoneMatch = c.req.header("if-none-match");
    const ifModifiedSince = c.req.header("if-modified-since");
    const unchanged =
      ifNoneMatch !== undefined && served.input.etag
        ? ifNoneMatch.split(",").some((tag) => tag.trim() === etag)
        : ifModifiedSince !== undefined &&
          Math.floor(served.modifiedAt.getTime() / 1000) <= Date.parse(ifModifiedSince) / 1000;
    const headers: Record<string, string> = { "last-modified": lastModified };
    if (served.input.etag) headers.etag = etag;
    if (unchanged) {
      served.notModified += 1;
      return c.body(null, 304, headers);
    }
    const { body, type } = render(served.input, new URL(c.req.url).origin);
    return c.body(body, 200, { ...headers, "content-type": `${type}; charset=utf-8` });
  });
  return app;
}
