import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type FunctionSpec,
  functionSpecs,
  type NativePackage,
  nativePackages,
} from "../../infra/function-specs.ts";

// SST 4's Node runtime bundles each handler with esbuild like this (pkg/runtime/node in the sst
// repository): ESM for Node on Lambda, `module` before `main`, and as externals the packages it
// always leaves out (sharp, pg-native) plus the function's `nodejs.install` list. An external
// that is not installed is missing at run time; a native package esbuild did bundle has lost
// its binary (ffmpeg and ffprobe pick theirs with a computed require()). Either way the function
// reaches a package it does not carry.
const alwaysExternal = ["sharp", "pg-native"];

function handlerFile(spec: { handler: string }): string {
  return `${spec.handler.slice(0, spec.handler.lastIndexOf("."))}.ts`;
}

const specs = Object.entries(functionSpecs) as [string, FunctionSpec][];

/**
 * The native packages each function's bundle reaches. One esbuild run bundles every handler (a
 * separate output each, so each output's imports are its own) with every native package
 * external; a function reaches a native package when its output imports it.
 */
async function nativesReached(entries: [string, FunctionSpec][]) {
  const result = await build({
    entryPoints: Object.fromEntries(entries.map(([name, spec]) => [name, handlerFile(spec)])),
    outdir: "bundles",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    external: [...alwaysExternal, ...nativePackages],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const reached = new Map<string, NativePackage[]>();
  for (const output of Object.values(result.metafile.outputs)) {
    const name = entries.find(([, spec]) => output.entryPoint === handlerFile(spec))?.[0];
    if (!name) continue;
    const natives = nativePackages.filter((native) =>
      output.imports.some(
        (imported) =>
          imported.external && (imported.path === native || imported.path.startsWith(`${native}/`)),
      ),
    );
    reached.set(name, natives);
  }
  return reached;
}

describe("every function carries the native packages it reaches", () => {
  let reached: Map<string, NativePackage[]>;
  beforeAll(async () => {
    reached = await nativesReached(specs);
  }, 180_000);

  for (const [name, spec] of specs) {
    it(`${name} (${spec.handler}) installs every native package its bundle reaches`, () => {
      expect(reached.has(name), `${name} was not bundled`).toBe(true);
      const missing = (reached.get(name) ?? []).filter((native) => !spec.natives.includes(native));
      expect(missing, `${name} reaches ${missing.join(", ")} without installing it`).toEqual([]);
    });
  }

  it("notices a function that reaches a native package: autorepost imports media", () => {
    expect(reached.get("autorepost")).toEqual(expect.arrayContaining(["sharp"]));
    expect(reached.get("sandbox")).toEqual([]);
  });
});
