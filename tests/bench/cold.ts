/**
 * `pnpm bench:cold [runs]`: bundles every function as `sst deploy` does (tests/bundle/deploy.ts)
 * and times its cold import in fresh `node` processes beside a bundle holding only the DynamoDB
 * document client, in the same run. Prints one line per function:
 * `cold: <function> bundle_kb=… total_kb=… init_ms=… baseline_ms=… ratio=…`, where bundle_kb is
 * what a cold start reads (the entry and its static chunks), total_kb the whole package with the
 * chunks loaded on first use, and each time the median of `runs` processes (default 7).
 */
import {
  type BundleFigures,
  bundleBaseline,
  bundleFunction,
  deployedFunctions,
} from "../bundle/deploy.ts";
import { importMs, median } from "../bundle/timing.ts";

const runs = Number(process.argv[2] ?? 7);
const only = process.argv[3];

/** Whether the bundle imports without the stage's linked resources (the relay reads them). */
function importsAlone(entry: string): boolean {
  try {
    importMs(entry);
    return true;
  } catch {
    return false;
  }
}

/** Alternates baseline and function imports so a burst of load on the machine hits both alike. */
function timeSideBySide(entry: string, baselineEntry: string) {
  const own: number[] = [];
  const base: number[] = [];
  importMs(entry); // the first read of a file warms the page cache, not Node
  for (let run = 0; run < runs; run += 1) {
    base.push(importMs(baselineEntry));
    own.push(importMs(entry));
  }
  return { initMs: median(own), baselineMs: median(base) };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(0);

const baseline = await bundleBaseline();
if (runs > 0) importMs(baseline.figures.entry);
try {
  for (const [name, spec] of deployedFunctions) {
    if (only && name !== only) continue;
    const bundle = await bundleFunction(spec);
    try {
      const figures: BundleFigures = bundle.figures;
      const sizes = `bundle_kb=${kb(figures.initBytes)} total_kb=${kb(figures.totalBytes)}`;
      if (runs === 0) {
        console.log(`cold: ${name} ${sizes}`);
      } else if (!importsAlone(figures.entry)) {
        console.log(`cold: ${name} ${sizes} init_ms=n/a (reads a linked resource at import)`);
      } else {
        const { initMs, baselineMs } = timeSideBySide(figures.entry, baseline.figures.entry);
        const ratio = (initMs / baselineMs).toFixed(2);
        console.log(
          `cold: ${name} ${sizes} init_ms=${initMs.toFixed(0)} baseline_ms=${baselineMs.toFixed(0)} ratio=${ratio}`,
        );
      }
      if (process.env.COLD_HEAVIEST) {
        const top = figures.heaviest
          .slice(0, Number(process.env.COLD_HEAVIEST) || 25)
          .map(([pkg, bytes]) => `${pkg}=${kb(bytes)}`);
        console.log(`  heaviest: ${top.join(" ")}`);
      }
    } finally {
      await bundle.dispose();
    }
  }
  console.log(`cold: baseline bundle_kb=${kb(baseline.figures.initBytes)}`);
} finally {
  await baseline.dispose();
}
