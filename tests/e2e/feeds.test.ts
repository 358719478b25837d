import { handler as feedsCron } from "@cadence/functions/cron/feeds";
import { configureOutbound } from "@cadence/networks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAccount } from "../support/accounts.ts";
import { call, type Person, team } from "../support/api.ts";
import { eventsWorker, notificationsOf } from "../support/events.ts";
import { networksUrl, waitFor } from "../support/publishing.ts";

// Feeds served by the sandbox's feed server: each test names its own, so files running side by
// side never share one. The feed reader goes through the outbound-fetch guard, whose allow list
// names the sandbox (and nothing else local).

type FeedBody = {
  id: string;
  version: number;
  enabled: boolean;
  title: string | null;
  pausedReason: string | null;
  failures: number;
  lastOutcome: string | null;
  lastError: { message: string } | null;
  history: { entryId: string; postId: string | null; reason: string | null }[];
};
type RunBody = {
  outcome: string;
  found: number;
  posted: { entryId: string; postId: string }[];
  error: { code: string; message: string } | null;
};
type Entry = { id: string; title: string; link: string; summary?: string; image?: string };

let ws: Awaited<ReturnType<typeof team>>;
let owner: Person;
let accountId: string;
const stamp = Date.now().toString(36);
let counter = 0;

const feeds = () => `/workspaces/${ws.workspaceId}/feeds`;
const feedUrl = (name: string) => `${networksUrl()}/feeds/${name}`;

/** Sets (or changes) a sandbox feed; entries are given oldest first and dated a minute apart. */
async function serve(name: string, entries: Entry[], extra: Record<string, unknown> = {}) {
  const start = Date.parse("2026-11-01T00:00:00Z");
  const response = await fetch(feedUrl(name), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      title: `Feed ${name}`,
      ...extra,
      entries: entries.map((e, i) => ({
        ...e,
        publishedAt: new Date(start + i * 60_000).toISOString(),
      })),
    }),
  });
  expect(response.status).toBe(200);
}

async function stats(name: string): Promise<{ requests: number; notModified: number }> {
  return (await fetch(`${feedUrl(name)}/_stats`)).json() as never;
}

function entries(prefix: string, count: number, from = 1): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${from + i}`,
    title: `${prefix} story ${from + i}`,
    link: `https://news.example/${prefix}/${from + i}`,
    summary: `<p>All about <b>${prefix}</b> number ${from + i}.</p>`,
  }));
}

const fresh = () => `f-${stamp}-${++counter}`;

async function addFeed(name: string, body: Record<string, unknown> = {}) {
  return call<FeedBody>("POST", feeds(), {
    token: owner.accessToken,
    body: {
      name,
      url: feedUrl(name),
      accountIds: [accountId],
      scheduleMode: "draft",
      ...body,
    },
  });
}

const run = (id: string) =>
  call<RunBody>("POST", `${feeds()}/${id}/run`, { token: owner.accessToken });

async function postsOfFeed(): Promise<{ id: string; text: string; mediaIds: string[] }[]> {
  const answer = await call<{
    items: { id: string; text: string; mediaIds: string[]; tags: string[] }[];
  }>("GET", `/workspaces/${ws.workspaceId}/posts?limit=100`, { token: owner.accessToken });
  return answer.body.items.filter((p) => p.tags.includes("feed"));
}

beforeAll(async () => {
  ws = await team("feeds");
  owner = ws.owner;
  accountId = (
    await connectAccount(owner, ws.workspaceId, "mastodon", { handle: `feeds-${stamp}` })
  ).id;
});

afterAll(() => {
  configureOutbound({});
  delete process.env.CADENCE_FEED_TIMEOUT_MS;
});

describe("feeds into posts", () => {
  it("posts the newest entry first, then each new entry once, asking with the ETag", async () => {
    const name = fresh();
    await serve(name, [
      ...entries(name, 2),
      { ...entries(name, 1, 3)[0]!, image: `${networksUrl()}/_sandbox/media/sample.png` },
    ]);
    const created = await addFeed(name, { template: "{title}: {summary} {link} ({feed})" });
    expect(created.status).toBe(201);
    expect(created.body.title).toBe(`Feed ${name}`);

    const first = await run(created.body.id);
    expect(first.body.outcome).toBe("fetched");
    expect(first.body.posted.map((p) => p.entryId)).toEqual([`${name}-3`]);
    const [made] = await postsOfFeed();
    expect(made?.text).toBe(
      `${name} story 3: All about ${name} number 3. https://news.example/${name}/3 (Feed ${name})`,
    );
    expect(made?.mediaIds).toHaveLength(1);

    // Unchanged: the server answers 304 and nothing is posted.
    const again = await run(created.body.id);
    expect(again.body).toMatchObject({ outcome: "not_modified", posted: [] });
    expect((await stats(name)).notModified).toBe(1);

    await serve(name, [...entries(name, 3), ...entries(name, 2, 4)]);
    const third = await run(created.body.id);
    expect(third.body.posted.map((p) => p.entryId)).toEqual([`${name}-4`, `${name}-5`]);
    expect(await run(created.body.id).then((r) => r.body.posted)).toEqual([]);
    expect((await postsOfFeed()).filter((p) => p.text.includes(name))).toHaveLength(3);

    const feed = await call<FeedBody>("GET", `${feeds()}/${created.body.id}`, {
      token: ws.viewer.accessToken,
    });
    expect(feed.body.history.map((h) => h.entryId)).toEqual([
      `${name}-3`,
      `${name}-4`,
      `${name}-5`,
    ]);
    expect(feed.body.history.every((h) => h.postId)).toBe(true);
  });

  it("reads Atom and JSON Feed, and asks with Last-Modified when there is no ETag", async () => {
    for (const format of ["atom", "json"] as const) {
      const name = fresh();
      await serve(name, entries(name, 2), { format, etag: false });
      const created = await addFeed(name, { backfill: 2, template: "{title} {link}" });
      expect(created.status).toBe(201);
      const first = await run(created.body.id);
      expect(first.body.posted.map((p) => p.entryId)).toEqual([`${name}-1`, `${name}-2`]);
      expect((await run(created.body.id)).body.outcome).toBe("not_modified");
      expect((await stats(name)).notModified).toBe(1);
    }
  });

  it("posts an entry once when the feed repeats it, re-adds it, or is fetched by many at once", async () => {
    const name = fresh();
    await serve(name, entries(name, 1));
    const created = await addFeed(name, { backfill: 0 });
    expect((await run(created.body.id)).body.posted).toEqual([]);

    // The same guid twice in one document, and an entry seen before that comes back.
    const repeated = entries(name, 4, 2);
    await serve(name, [...entries(name, 1), ...repeated, repeated[0]!]);
    const runs = await Promise.all(Array.from({ length: 8 }, () => run(created.body.id)));
    expect(runs.every((r) => r.status === 200)).toBe(true);
    const posted = runs.flatMap((r) => r.body.posted.map((p) => p.entryId)).sort();
    expect(posted).toEqual([`${name}-2`, `${name}-3`, `${name}-4`, `${name}-5`]);
    expect((await postsOfFeed()).filter((p) => p.text.includes(name))).toHaveLength(4);
  });

  it("refuses addresses that reach private space, redirect there, are too big, slow or not feeds", async () => {
    process.env.CADENCE_FEED_TIMEOUT_MS = "1500";
    const refused = async (url: string, code: string) => {
      const answer = await call<{ code: string; detail: string; field?: string }>("POST", feeds(), {
        token: owner.accessToken,
        body: { name: "Hostile", url, accountIds: [accountId] },
      });
      expect(answer.status, url).toBe(400);
      expect(answer.body.code, url).toBe(code);
      expect(answer.text).not.toMatch(/stack trace|secret/i);
      return answer.body;
    };
    await refused("http://10.0.0.7/feed.xml", "feed_unreachable");
    await refused("https://127.0.0.1/feed.xml", "feed_unreachable");
    await refused("https://169.254.169.254/latest/meta-data/", "feed_unreachable");
    await refused("https://localhost/feed", "feed_unreachable");
    const redirect = fresh();
    await serve(redirect, [], {
      fault: { redirectTo: "http://169.254.169.254/latest/meta-data/" },
    });
    await refused(feedUrl(redirect), "feed_unreachable");
    const huge = fresh();
    await serve(huge, entries(huge, 1), { fault: { padBytes: 3_000_000 } });
    expect((await refused(feedUrl(huge), "feed_unreachable")).detail).toMatch(/larger than/);
    const slow = fresh();
    await serve(slow, entries(slow, 1), { fault: { delayMs: 4_000 } });
    expect((await refused(feedUrl(slow), "feed_unreachable")).detail).toMatch(/did not answer/);
    await refused(`${networksUrl()}/`, "not_a_feed");
    // A name that resolves to a private address is refused when the socket would connect.
    configureOutbound({ resolve: async () => ["10.1.2.3"] });
    await refused("https://feeds.rebind.example/rss", "feed_unreachable");
    configureOutbound({});
    expect((await call<FeedBody[]>("GET", feeds(), { token: owner.accessToken })).body).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "Hostile" })]),
    );
  });

  it("pauses a feed that keeps failing, tells the admins once, and takes it back when fixed", async () => {
    const worker = eventsWorker();
    try {
      const name = fresh();
      await serve(name, entries(name, 1));
      const created = await addFeed(name, { backfill: 0 });
      await run(created.body.id);
      await serve(name, entries(name, 1), { fault: { status: 503 } });
      // The failing fetches come from the cron and "run now" at once, as they would.
      const failing = await Promise.all(Array.from({ length: 7 }, () => run(created.body.id)));
      expect(failing.every((r) => r.body.outcome === "failed")).toBe(true);
      expect(failing[0]?.body.error?.message).toMatch(/answered 503/);
      expect(failing[0]?.body.error?.message).not.toMatch(/stack trace/);
      const paused = await call<FeedBody>("GET", `${feeds()}/${created.body.id}`, {
        token: owner.accessToken,
      });
      expect(paused.body).toMatchObject({ enabled: false, failures: 7 });
      expect(paused.body.pausedReason).toMatch(/failed \d+ fetches in a row/);

      // Paused: the cron leaves it alone.
      const whilePaused = (await stats(name)).requests;
      await feedsCron();
      expect((await stats(name)).requests).toBe(whilePaused);

      const notices = await waitFor(async () => {
        const found = (await notificationsOf(ws.admin, ws.workspaceId)).items.filter(
          (n) => n.type === "feed.paused",
        );
        return found.length ? found : undefined;
      });
      expect(notices).toHaveLength(1);
      expect(notices[0]?.fix?.link).toBe("/app/feeds");

      // Fixed and turned back on: a new failure count, and new entries flow again.
      await serve(name, entries(name, 2));
      const resumed = await call<FeedBody>("PATCH", `${feeds()}/${created.body.id}`, {
        token: owner.accessToken,
        body: { enabled: true, version: paused.body.version },
      });
      expect(resumed.body).toMatchObject({ enabled: true, failures: 0, pausedReason: null });
      // The cron fetches it again once it is back on.
      const before = (await stats(name)).requests;
      await feedsCron();
      expect((await stats(name)).requests).toBe(before + 1);
      const feed = await call<FeedBody>("GET", `${feeds()}/${created.body.id}`, {
        token: owner.accessToken,
      });
      expect(feed.body.history.at(-1)).toMatchObject({ entryId: `${name}-2` });
      expect(feed.body.history.at(-1)?.postId).toBeTruthy();
    } finally {
      await worker.stop();
    }
  });
});
