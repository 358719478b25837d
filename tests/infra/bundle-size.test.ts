import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { deployedFunctions, deployOptions, figuresOf, handlerFile } from "../bundle/deploy.ts";

/** What a cold start may read: the entry and the chunks it imports statically. */
const limitBytes = 1024 * 1024;

/**
 * Functions still above the limit, with the ceiling they must not pass while they get there
 * (docs/performance.md says what keeps each above): a ratchet, so no change makes them heavier
 * unnoticed. Remove an entry once its function fits.
 */
const overLimit: Record<string, number> = {
  // zod in full: @hono/zod-openapi hands the `z` namespace to zod-to-openapi as a value.
  api: 2_300 * 1024,
  // luxon and rrule, reached through post/ → schedule/ for the next run of recurring posts.
  publish: 1_250 * 1024,
  reconcile: 1_250 * 1024,
  autorepost: 1_250 * 1024,
  events: 1_120 * 1024,
  refreshTokens: 1_180 * 1024,
  ingestMetrics: 1_170 * 1024,
  weeklyReport: 1_170 * 1024,
};

describe("every function's cold start reads at most 1 MB, bundled as deployed", () => {
  const sizes = new Map<string, number>();
  beforeAll(async () => {
    // One esbuild run per function, all at once: the same options `sst deploy` uses.
    await Promise.all(
      deployedFunctions.map(async ([name, spec]) => {
        const result = await build({
          ...deployOptions(spec),
          entryPoints: [handlerFile(spec)],
          outdir: `/tmp/cadence-size-${name}`,
          write: false,
        });
        sizes.set(name, figuresOf(result.metafile as Metafile, handlerFile(spec)).initBytes);
      }),
    );
  }, 120_000);

  for (const [name, spec] of deployedFunctions) {
    it(`${name} (${spec.handler})`, () => {
      const bytes = sizes.get(name) ?? Number.POSITIVE_INFINITY;
      const ceiling = overLimit[name] ?? limitBytes;
      expect(bytes, `${name} reads ${Math.round(bytes / 1024)} KB at start`).toBeLessThanOrEqual(
        ceiling,
      );
    });
  }

  it("loads no network adapter and no undici at start: they sit in chunks of their own", async () => {
    const [, spec] = deployedFunctions.find(([name]) => name === "publish") ?? [];
    if (!spec) throw new Error("the publish consumer is not declared");
    const result = await build({
      ...deployOptions(spec),
      entryPoints: [handlerFile(spec)],
      outdir: "/tmp/cadence-size-publish-inputs",
      write: false,
    });
    const figures = figuresOf(result.metafile as Metafile, handlerFile(spec));
    const atStart = figures.heaviest.map(([input]) => input);
    expect(atStart).not.toContain("@atproto/api");
    expect(atStart).not.toContain("undici");
    expect(figures.totalBytes).toBeGreaterThan(figures.initBytes);
  }, 60_000);
});
