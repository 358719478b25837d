import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { type FunctionSpec, functionSpecs } from "../../infra/function-specs.ts";

/**
 * Bundles a function the way `sst deploy` does (pkg/runtime/node/build.go in the sst repository,
 * with SST's defaults from platform/src/components/aws/function.ts): ESM for Node, target
 * esnext, `module` before `main`, names kept, minified, no source map, the createRequire banner,
 * and as externals only sharp and pg-native plus the function's `nodejs.install` list. The AWS
 * SDK is bundled: SST leaves it in unless told otherwise, and the bundled copy is the one the
 * code was tested with (the runtime's copy changes under us). Splitting is on, as
 * infra/defaults.ts sets it for every function, so a network adapter behind `await import()` is
 * a chunk of its own that a cold start does not read.
 */
export const alwaysExternal = ["sharp", "pg-native"];

const banner = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

export const repoRoot = resolve(import.meta.dirname, "../..");

export function handlerFile(spec: { handler: string }): string {
  return `${spec.handler.slice(0, spec.handler.lastIndexOf("."))}.ts`;
}

export function deployOptions(spec: FunctionSpec): BuildOptions {
  return {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    keepNames: true,
    minify: true,
    splitting: true,
    outExtension: { ".js": ".mjs" },
    banner: { js: banner },
    external: [...alwaysExternal, ...spec.natives],
    metafile: true,
    logLevel: "silent",
  };
}

export interface BundleFigures {
  /** The entry file and every chunk it imports statically: what a cold start reads. */
  initBytes: number;
  /** Every file of the package, the chunks loaded on first use included. */
  totalBytes: number;
  /** The entry file, for running it. */
  entry: string;
  /** Input packages by bytes they add to the init graph, largest first. */
  heaviest: [string, number][];
}

/** What a cold start reads: the entry and its static imports, followed chunk by chunk. */
export function figuresOf(metafile: Metafile, entryPoint: string): BundleFigures {
  const outputs = metafile.outputs;
  // Chunks loaded by `import()` name an entry point too: the function's own is the one asked for.
  const entryKey = Object.keys(outputs).find((key) => outputs[key]?.entryPoint === entryPoint);
  if (!entryKey) throw new Error("the bundle has no entry point");
  const initGraph = new Set<string>();
  const pending = [entryKey];
  while (pending.length > 0) {
    const key = pending.pop() as string;
    if (initGraph.has(key)) continue;
    initGraph.add(key);
    for (const imported of outputs[key]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) pending.push(imported.path);
    }
  }
  const byPackage = new Map<string, number>();
  for (const key of initGraph) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[key]?.inputs ?? {})) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  const sizeOf = (keys: Iterable<string>) =>
    [...keys].reduce((sum, key) => sum + (outputs[key]?.bytes ?? 0), 0);
  return {
    initBytes: sizeOf(initGraph),
    totalBytes: sizeOf(Object.keys(outputs).filter((key) => key.endsWith(".mjs"))),
    entry: resolve(repoRoot, entryKey),
    heaviest: [...byPackage.entries()].sort((a, b) => b[1] - a[1]),
  };
}

function packageOf(input: string): string {
  const at = input.lastIndexOf("node_modules/");
  if (at < 0) return process.env.COLD_FILES ? input : input.split("/").slice(0, 3).join("/");
  const parts = input.slice(at + "node_modules/".length).split("/");
  return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
}

/** Bundles one function into a fresh directory (removed by `dispose`). */
export async function bundleFunction(spec: FunctionSpec, write = true) {
  const outdir = await mkdtemp(join(tmpdir(), "cadence-bundle-"));
  const result = await build({
    ...deployOptions(spec),
    entryPoints: [handlerFile(spec)],
    outdir,
    write,
  });
  return {
    outdir,
    figures: figuresOf(result.metafile as Metafile, handlerFile(spec)),
    dispose: () => rm(outdir, { recursive: true, force: true }),
  };
}

/**
 * The baseline a function is compared with: a handler that imports only the DynamoDB document
 * client, bundled the same way.
 */
export async function bundleBaseline() {
  const outdir = await mkdtemp(join(tmpdir(), "cadence-bundle-"));
  const result = await build({
    ...deployOptions({ handler: "baseline.handler", natives: [] }),
    stdin: {
      contents: [
        `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";`,
        `import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";`,
        `const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));`,
        `export const handler = async () => documents.config.region;`,
      ].join("\n"),
      resolveDir: join(repoRoot, "packages/core"),
      sourcefile: "baseline.ts",
      loader: "ts",
    },
    outdir,
  });
  return {
    outdir,
    figures: figuresOf(result.metafile as Metafile, stdinEntry(result.metafile as Metafile)),
    dispose: () => rm(outdir, { recursive: true, force: true }),
  };
}

export const deployedFunctions = Object.entries(functionSpecs) as [string, FunctionSpec][];

/** The entry point esbuild names for a bundle read from stdin (its sourcefile, relative). */
function stdinEntry(metafile: Metafile): string {
  const named = Object.values(metafile.outputs)
    .map((output) => output.entryPoint)
    .find((entry) => entry?.endsWith("baseline.ts"));
  if (!named) throw new Error("the baseline bundle has no entry point");
  return named;
}
