/**
 * The whole product for a browser test file: the API (the same Hono app Lambda runs) on a free
 * port against the run's local stack, the site served by `astro preview`, and Debian's chromium
 * driven by playwright-core. The site is built once per run (the first file to ask builds it,
 * the others wait) and each file serves a copy pointed at its own API.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
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
  await cp(await builtOnce(), outDir, { recursive: true });
  await pointAt(outDir, apiUrl);
  // The preview server's CSP names the API this copy points at (web/astro.config.mjs).
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", PUBLIC_API_URL: apiUrl };
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

/** Stands for the API's URL in the shared build; each copy gets its file's own API. */
const apiPlaceholder = "http://cadence-api.invalid";

/**
 * The site built once for this run. Test files run in separate processes: the first to create
 * the lock directory builds, the others wait for the marker it writes when done.
 */
async function builtOnce(): Promise<string> {
  const dir = join(tmpdir(), `cadence-web-build-${process.env.CADENCE_RUN_ID ?? process.pid}`);
  const done = join(dir, ".built");
  const failed = `${dir}.failed`;
  try {
    await mkdir(`${dir}.lock`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    for (const started = Date.now(); Date.now() - started < 300_000; ) {
      if (await exists(done)) return dir;
      if (await exists(failed)) throw new Error(await readFile(failed, "utf8"));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error("the site build of another test file did not finish within 5 minutes");
  }
  const env = { ...process.env, PUBLIC_API_URL: apiPlaceholder, ASTRO_TELEMETRY_DISABLED: "1" };
  try {
    await run([astroCli, "build", "--outDir", dir, "--silent"], env);
  } catch (error) {
    await writeFile(failed, String(error));
    throw error;
  }
  await writeFile(done, "");
  return dir;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Writes the file's API URL where the build has the placeholder (scripts and pages). */
async function pointAt(dir: string, apiUrl: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(js|mjs|html)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    if (text.includes(apiPlaceholder))
      await writeFile(file, text.replaceAll(apiPlaceholder, apiUrl));
  }
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
