/**
 * The post screens in chromium against the built site and the local stack: the calendar's
 * largest contentful paint with 500 posts in the month (and when those posts are on screen),
 * the composer's input latency (a key press to the painted counter update, median over 50 keys),
 * then the JavaScript each page ships (tests/bench/web-js.ts).
 *
 * Usage: pnpm exec tsx tests/bench/web-perf.ts [posts]
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { startInfra } from "@cadence/local/stack";

const postCount = Number(process.argv[2] ?? 500);
const runs = 5;
const keys = 50;

const infra = await startInfra({ ports: "free", exactSchedules: true, stage: "bench" });
Object.assign(process.env, infra.env, { POWERTOOLS_LOG_LEVEL: "ERROR" });

// Imported after the environment is set: `Resource` and the SDK clients read it once.
const { call, signUp } = await import("../support/api.ts");
const { useSession } = await import("../browser/support/browser.ts");
const { connectAccount } = await import("../support/accounts.ts");
const { startSite } = await import("../browser/support/site.ts");

const site = await startSite();
try {
  const owner = await signUp("bench");
  const base = `/workspaces/${owner.workspaceId}`;
  const zone = (await call<{ timeZone: string }>("GET", base, { token: owner.accessToken })).body
    .timeZone;
  const accounts = await Promise.all(
    ["x", "mastodon", "bluesky", "linkedin"].map((network) =>
      connectAccount(owner, owner.workspaceId, network, { handle: `bench_${network}` }),
    ),
  );

  // 500 posts over next month, at spread-out wall-clock times in the workspace's zone.
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const monthKey = month.toISOString().slice(0, 7);
  const daysInMonth = new Date(
    Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const pad = (value: number) => String(value).padStart(2, "0");
  const started = performance.now();
  let next = 0;
  const create = async () => {
    for (let index = next++; index < postCount; index = next++) {
      const minute = (index * 7919) % (daysInMonth * 1440);
      const at = `${monthKey}-${pad(Math.floor(minute / 1440) + 1)}T${pad(Math.floor((minute % 1440) / 60))}:${pad(minute % 60)}`;
      const account = accounts[index % accounts.length];
      const created = await call("POST", `${base}/posts`, {
        token: owner.accessToken,
        body: {
          text: `Post ${index}: tips, news and a link https://example.com/${index} #bench`,
          tags: [index % 2 ? "tips" : "news"],
          targets: [{ accountId: account?.id }],
          schedule: { mode: "at", at, timeZone: zone },
        },
      });
      if (created.status !== 201) throw new Error(`seeding failed: ${created.text}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, create));
  console.error(
    `seeded ${postCount} posts in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const context = await site.browser.newContext({
    baseURL: site.web,
    viewport: { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  await useSession(page, owner);

  // The calendar: largest contentful paint, and when the month's posts are drawn.
  const date = month.toISOString().slice(0, 10);
  const lcps: number[] = [];
  const drawn: number[] = [];
  let shown = 0;
  for (let run = 0; run < runs; run++) {
    await page.goto(`/app/calendar?view=month&date=${date}`);
    await page.waitForSelector("#calendar[data-ready=true]", { timeout: 60_000 });
    const figures = await page.evaluate(
      () =>
        new Promise<{ lcp: number; drawn: number; shown: number }>((done) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            const mark = performance.getEntriesByName("calendar:rendered")[0];
            done({
              lcp: entries.at(-1)?.startTime ?? Number.NaN,
              drawn: mark?.startTime ?? Number.NaN,
              shown: Number(
                (document.getElementById("cal-status")?.textContent ?? "").split(" ")[0],
              ),
            });
          }).observe({ type: "largest-contentful-paint", buffered: true });
        }),
    );
    lcps.push(figures.lcp);
    drawn.push(figures.drawn);
    shown = figures.shown;
  }

  // The composer: a key press to the counter's next painted frame.
  await page.goto("/app/compose");
  await page.waitForSelector("#compose-form:not([hidden])");
  await page.locator(".pick", { hasText: "bench_x" }).getByRole("checkbox").check();
  const text = page.getByLabel("Text", { exact: true });
  await text.fill("Typing speed check: ");
  await page.evaluate(() => {
    const state = window as unknown as { latencies: number[]; pressedAt?: number };
    state.latencies = [];
    const counters = document.getElementById("counters");
    document.addEventListener(
      "keydown",
      (event) => {
        state.pressedAt = event.timeStamp;
      },
      true,
    );
    new MutationObserver(() => {
      const pressedAt = state.pressedAt;
      if (pressedAt === undefined) return;
      state.pressedAt = undefined;
      requestAnimationFrame(() => state.latencies.push(performance.now() - pressedAt));
    }).observe(counters as Node, { childList: true, subtree: true, characterData: true });
  });
  await text.focus();
  for (let index = 0; index < keys; index++) {
    await page.keyboard.press(String.fromCharCode(97 + (index % 26)));
    await page.waitForFunction(
      (count) => (window as unknown as { latencies: number[] }).latencies.length >= count,
      index + 1,
    );
  }
  const latencies = await page.evaluate(
    () => (window as unknown as { latencies: number[] }).latencies,
  );
  await context.close();

  console.log(
    `web-perf calendar  ${shown} posts in the month: LCP ${median(lcps).toFixed(0)} ms, posts drawn at ${median(drawn).toFixed(0)} ms (median of ${runs} loads)`,
  );
  console.log(
    `web-perf composer  input latency ${median(latencies).toFixed(1)} ms median, ${percentile(latencies, 0.95).toFixed(1)} ms p95 (key press to painted counter, ${keys} keys)`,
  );
} finally {
  await site.close();
  await infra.close();
}

const webJs = spawnSync(
  process.execPath,
  ["--import", "tsx", resolve(import.meta.dirname, "web-js.ts")],
  {
    cwd: resolve(import.meta.dirname, "../.."),
    encoding: "utf8",
  },
);
process.stdout.write(webJs.stdout);
if (webJs.status !== 0) process.stderr.write(webJs.stderr);

function median(values: number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}
