/**
 * The whole product for a browser test file: the API (the same Hono app Lambda runs) on a free
 * port against the run's local stack, the site built once for that API and served by
 * `astro preview`, and Debian's chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { HOST, reservePort, waitUntil } from "@cadence/local/net";
import { type Browser, chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "../../..");
const webDir = join(root, "web");
const astroCli = join(webDir, "node_modules/astro/bin/astro.mjs");

export interface Site {
  /** The site's origin, e.g. http://127.0.0.1:41234 */
  web: string;
  /** The API's base URL. */
  api: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const [apiPort, webPort] = [await reservePort(), await reservePort()];
  const web = `http://${HOST}:${webPort}`;
  const apiUrl = `http://${HOST}:${apiPort}`;
  // The API's CORS reads the allowed origins on each request.
  process.env.CADENCE_WEB_ORIGINS = web;

  const { createApp } = await import("@cadence/functions/api/app");
  const { serve } = await nodeServer();
  const api = serve({ fetch: createApp().fetch, hostname: HOST, port: apiPort });

  const outDir = await mkdtemp(join(tmpdir(), "cadence-web-"));
  const env = { ...process.env, PUBLIC_API_URL: apiUrl, ASTRO_TELEMETRY_DISABLED: "1" };
  await run([astroCli, "build", "--outDir", outDir, "--silent"], env);
  const preview = spawn(
    process.execPath,
    [astroCli, "preview", "--outDir", outDir, "--host", HOST, "--port", String(webPort)],
    { cwd: webDir, env, stdio: ["ignore", "ignore", "inherit"] },
  );
  await waitUntil("web preview", async () => {
    const response = await fetch(web);
    if (!response.ok) throw new Error(`preview answered ${response.status}`);
  });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });

  return {
    web,
    api: apiUrl,
    browser,
    async close() {
      await browser.close();
      await stop(preview);
      await new Promise<void>((done) => api.close(() => done()));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

interface NodeServer {
  serve(options: {
    fetch: (request: Request) => Response | Promise<Response>;
    hostname: string;
    port: number;
  }): { close(callback?: () => void): void };
}

/**
 * @hono/node-server, as the local stack (packages/local) depends on it; the tests package
 * reaches it through that package rather than declaring its own copy.
 */
async function nodeServer(): Promise<NodeServer> {
  const local = createRequire(import.meta.url).resolve("@cadence/local/net");
  const entry = createRequire(local).resolve("@hono/node-server");
  return import(pathToFileURL(entry).href);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    let output = "";
    const child = spawn(process.execPath, args, { cwd: webDir, env });
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", fail);
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(`astro ${args[1]} failed (${code}):\n${output}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}
