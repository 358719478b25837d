#!/usr/bin/env node
// Writes SST's platform types (.sst/platform/config.d.ts) so infra/ can be typechecked
// without AWS credentials: `sst install` evaluates app() only, and fetches the platform's
// npm dependencies (it needs the npm registry, nothing else).
//
// Usage: node infra/scripts/sst-platform.mjs   (then: tsc -p infra/tsconfig.json)

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const config = path.join(root, "sst.config.ts");
const platform = path.join(root, ".sst", "platform");
const types = path.join(platform, "config.d.ts");
const stage = "ci";

function fail(message, details = "") {
  console.error(`sst-platform: ${message}`);
  if (details.trim()) console.error(details.trimEnd());
  process.exit(1);
}

// The repository's own sst package (a pnpm symlink, resolved so its siblings are found).
function sstPackage() {
  try {
    return realpathSync(path.join(root, "node_modules", "sst", "package.json"));
  } catch {
    fail("the sst package is not installed. Run `pnpm install` at the repository root.");
  }
}

// The Go binary ships in a per-platform package beside `sst`, where bin/sst.mjs finds it.
function sstBinary(sstPackageJson) {
  if (process.env.SST_BIN_PATH) return process.env.SST_BIN_PATH;
  const name = `sst-${process.platform}-${process.arch}`;
  const file = process.platform === "win32" ? "sst.exe" : "sst";
  try {
    return createRequire(sstPackageJson).resolve(`${name}/bin/${file}`);
  } catch {
    fail(`the SST CLI for this platform (${name}) is not installed. Run \`pnpm install\`.`);
  }
}

// Fresh when the types are newer than sst.config.ts, were written by this sst version, and
// the provider packages they import are still there.
function isFresh(version) {
  if (!existsSync(types)) return false;
  if (!existsSync(path.join(platform, "node_modules", "@pulumi", "aws", "package.json"))) {
    return false;
  }
  const versionFile = path.join(platform, "version");
  if (!existsSync(versionFile) || readFileSync(versionFile, "utf8").trim() !== version) {
    return false;
  }
  return statSync(types).mtimeMs > statSync(config).mtimeMs;
}

// Go's exec refuses programs found through relative PATH entries, so keep absolute ones
// only; the running node comes first so `sst` and `npm` use it.
function absolutePath() {
  const entries = [
    path.dirname(process.execPath),
    ...(process.env.PATH ?? "").split(path.delimiter),
  ];
  return [...new Set(entries.filter((entry) => entry && path.isAbsolute(entry)))].join(
    path.delimiter,
  );
}

function onPath(program, searchPath) {
  return searchPath.split(path.delimiter).some((dir) => existsSync(path.join(dir, program)));
}

function tail(text, lines) {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

const sstPackageJson = sstPackage();
const version = JSON.parse(readFileSync(sstPackageJson, "utf8")).version;
if (!existsSync(config)) fail(`no sst.config.ts at ${root}`);
if (isFresh(version)) {
  console.log("sst-platform: .sst/platform is up to date");
  process.exit(0);
}

const searchPath = absolutePath();
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
if (!onPath(npm, searchPath)) {
  fail("`sst install` fetches the platform's dependencies with npm, and npm is not on PATH.");
}

const started = Date.now();
const result = spawnSync(sstBinary(sstPackageJson), ["install", "--stage", stage, "--print-logs"], {
  cwd: root,
  encoding: "utf8",
  timeout: 10 * 60 * 1000,
  env: {
    ...process.env,
    PATH: searchPath,
    // Use npm rather than downloading bun; skip the pulumi download `sst install` does not
    // need; send nothing home.
    SST_NO_BUN: "1",
    SST_SKIP_DEPENDENCY_CHECK: "1",
    SST_TELEMETRY_DISABLED: "1",
  },
});

if (result.error || result.status !== 0 || !existsSync(types)) {
  const reason = result.error
    ? result.error.message
    : result.status !== 0
      ? `exited with ${result.status ?? result.signal}`
      : "finished without writing .sst/platform/config.d.ts";
  fail(
    `\`sst install --stage ${stage}\` failed (${reason}). It needs the npm registry ` +
      '(unreachable, SST says "provider aws not found") and an sst.config.ts whose app() ' +
      "evaluates without AWS credentials.",
    // --print-logs puts SST's log on stderr; its last lines name the cause.
    tail([result.stdout, result.stderr].filter(Boolean).join("\n"), 40),
  );
}

// `sst install` may leave an unchanged file's time alone; mark the types as current.
const now = new Date();
utimesSync(types, now, now);
console.log(
  `sst-platform: wrote .sst/platform for sst ${version} in ${((Date.now() - started) / 1000).toFixed(1)}s`,
);
