/**
 * JavaScript shipped per page: builds the site and prints, for each page, the gzipped size of
 * every script it loads (its module scripts, the chunks they import, inline scripts), one line
 * per page.
 *
 * Usage: pnpm exec tsx tests/bench/web-js.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const webDir = resolve(import.meta.dirname, "../../web");
const outDir = await mkdtemp(join(tmpdir(), "cadence-web-bench-"));

try {
  const build = spawnSync(
    process.execPath,
    [join(webDir, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", outDir, "--silent"],
    { cwd: webDir, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1" }, encoding: "utf8" },
  );
  if (build.status !== 0) throw new Error(`astro build failed:\n${build.stdout}${build.stderr}`);

  const pages = (await htmlFiles(outDir)).sort();
  for (const file of pages) {
    const html = await readFile(file, "utf8");
    const scripts = new Map<string, string>();
    let inline = 0;
    for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const [, attributes = "", body = ""] = match;
      const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
      if (src) await collect(src, scripts);
      else if (body.trim()) scripts.set(`inline:${inline++}`, body);
    }
    const code = [...scripts.values()];
    const raw = code.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const gzip = code.reduce((sum, text) => sum + gzipSync(text).length, 0);
    console.log(
      `web-js ${route(file).padEnd(16)} ${kb(gzip).padStart(8)} gzip  ${kb(raw).padStart(8)} raw  ${scripts.size} script${scripts.size === 1 ? "" : "s"}`,
    );
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}

/** A module script and, recursively, the chunks it imports. */
async function collect(src: string, scripts: Map<string, string>): Promise<void> {
  if (scripts.has(src) || !src.startsWith("/")) return;
  const code = await readFile(join(outDir, src), "utf8");
  scripts.set(src, code);
  for (const match of code.matchAll(/(?:import|from)\s*\(?\s*["']([^"']+\.js)["']/g)) {
    const specifier = match[1] ?? "";
    const path = specifier.startsWith("/")
      ? specifier
      : `/${relative(outDir, resolve(dirname(join(outDir, src)), specifier))}`;
    await collect(path, scripts);
  }
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => join(entry.parentPath, entry.name));
}

function route(file: string): string {
  const path = `/${relative(outDir, file)}`.replace(/index\.html$/, "").replace(/\.html$/, "");
  return path.length > 1 ? path.replace(/\/$/, "") : path;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
