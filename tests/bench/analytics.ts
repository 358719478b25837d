/**
 * The analytics dashboard with 10,000 published posts over 90 days on 20 accounts: DynamoDB
 * queries and read units per 90-day dashboard load (summary, top posts, best times, as the page
 * asks for them, through the API in process), the page's largest contentful paint in chromium,
 * and the JavaScript it ships. Prints one line.
 *
 * Usage: pnpm exec tsx tests/bench/analytics.ts [posts]
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { startInfra } from "@cadence/local/stack";

const postCount = Number(process.argv[2] ?? 10_000);
const accountCount = 20;
const days = 90;
const runs = 3;

const infra = await startInfra({ ports: "free", stage: "bench" });
Object.assign(process.env, infra.env, { POWERTOOLS_LOG_LEVEL: "ERROR" });

// Imported after the environment is set: `Resource` and the SDK clients read it once.
const { call, signUp, password } = await import("../support/api.ts");
const { connectAccount } = await import("../support/accounts.ts");
const { startSite } = await import("../browser/support/site.ts");
const { Analytics } = await import("@cadence/core/analytics");
const { dynamo } = await import("@cadence/core/db/client");

const site = await startSite();
try {
  const owner = await signUp("bench");
  const workspaceId = owner.workspaceId;
  const networks = ["x", "mastodon", "bluesky", "linkedin", "instagram"];
  const accounts: { id: string; network: string }[] = [];
  for (let i = 0; i < accountCount; i++) {
    const network = networks[i % networks.length] ?? "x";
    accounts.push(await connectAccount(owner, workspaceId, network, { handle: `bench_${i}` }));
  }

  // Readings as ingestion records them, spread over 90 days and every hour of the week.
  const now = Date.now();
  const started = performance.now();
  let next = 0;
  const seed = async () => {
    for (let i = next++; i < postCount; i = next++) {
      const account = accounts[i % accountCount];
      const publishedAt = new Date(now - ((i * 7919) % (days * 86_400)) * 1000).toISOString();
      const x = account?.network === "x";
      await Analytics.record({
        target: {
          workspaceId,
          targetId: `tgt_bench${String(i).padStart(6, "0")}_1`,
          postId: `pst_bench${String(i).padStart(6, "0")}`,
          accountId: account?.id ?? "",
          network: account?.network ?? "x",
          campaign: i % 10 === 0 ? "launch" : undefined,
          tags: [i % 2 ? "tips" : "news"],
          preview: `Post ${i}: tips, news and a link https://example.com/${i} #bench`,
          publishedAt,
        },
        zone: "Europe/Berlin",
        measuredAt: new Date(now).toISOString(),
        reported: {
          ...(x ? { impressions: 200 + (i % 997), clicks: i % 13 } : {}),
          likes: (i * 31) % 97,
          comments: i % 11,
          shares: i % 7,
        },
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, seed));
  for (const account of accounts) {
    for (let day = 0; day < days; day++) {
      await Analytics.recordAccount(
        { workspaceId, accountId: account.id },
        "Europe/Berlin",
        new Date(now - day * 86_400_000).toISOString(),
        { followers: 1000 + (days - day) * 3, following: 100, posts: 500 },
      );
    }
  }
  console.error(
    `seeded ${postCount} readings in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // Every DynamoDB request during one dashboard load, with the read units it consumed.
  let requests = 0;
  let queries = 0;
  let readUnits = 0;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      requests += 1;
      if (context.commandName === "QueryCommand") queries += 1;
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const entry of [consumed].flat()) {
        readUnits += (entry as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: "initialize", name: "countReads" },
  );
  const base = `/workspaces/${workspaceId}`;
  // Seeding can outlast an access token: sign in again for the measured loads.
  const fresh = await call<{ accessToken: string; refreshToken: string }>("POST", "/auth/sign-in", {
    body: { email: owner.email, password },
  });
  owner.accessToken = fresh.body.accessToken;
  const load = async () =>
    Promise.all([
      call("GET", `${base}/analytics/summary?days=90`, { token: owner.accessToken }),
      call("GET", `${base}/analytics/top-posts?days=90&sort=engagements`, {
        token: owner.accessToken,
      }),
      call("GET", `${base}/analytics/best-times`, { token: owner.accessToken }),
    ]);
  await load();
  requests = 0;
  queries = 0;
  readUnits = 0;
  const answers = await load();
  for (const answer of answers) {
    if (answer.status !== 200) throw new Error(`dashboard call failed: ${answer.text}`);
  }
  const perLoad = { requests, queries, readUnits };

  const context = await site.browser.newContext({
    baseURL: site.web,
    viewport: { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  const session = await call<{ refreshToken: string }>("POST", "/auth/sign-in", {
    body: { email: owner.email, password },
  });
  await page.goto("/reset");
  await page.evaluate(
    ([token, workspace]) => {
      localStorage.setItem("cadence.refresh", token ?? "");
      localStorage.setItem("cadence.workspace", workspace ?? "");
    },
    [session.body.refreshToken, workspaceId],
  );
  const lcps: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.goto("/app/analytics?days=90");
    await page.waitForFunction(
      () => document.querySelectorAll("[aria-busy=true]").length === 0,
      null,
      {
        timeout: 60_000,
      },
    );
    lcps.push(
      await page.evaluate(
        () =>
          new Promise<number>((done) => {
            new PerformanceObserver((list) =>
              done(list.getEntries().at(-1)?.startTime ?? Number.NaN),
            ).observe({
              type: "largest-contentful-paint",
              buffered: true,
            });
          }),
      ),
    );
  }
  await context.close();
  const lcp = [...lcps].sort((a, b) => a - b)[Math.floor(lcps.length / 2)] ?? Number.NaN;

  const webJs = spawnSync(
    process.execPath,
    ["--import", "tsx", resolve(import.meta.dirname, "web-js.ts")],
    { cwd: resolve(import.meta.dirname, "../.."), encoding: "utf8" },
  );
  const js = /\/app\/analytics\s+([\d.]+ KB) gzip/.exec(webJs.stdout)?.[1] ?? "?";
  console.log(
    `analytics ${postCount} posts/${days} days/${accountCount} accounts: 90-day dashboard ${perLoad.queries} queries, ${perLoad.requests} DynamoDB requests, ${perLoad.readUnits.toFixed(1)} RCU (3 API calls incl. auth); page LCP ${lcp.toFixed(0)} ms (median of ${runs}), JS ${js} gzip`,
  );
} finally {
  await site.close();
  await infra.close();
}
