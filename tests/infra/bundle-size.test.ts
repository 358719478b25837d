import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type BundleFigures,
  deployedFunctions,
  deployOptions,
  figuresOf,
  handlerFile,
} from "../bundle/deploy.ts";

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
  feeds: 1_250 * 1024,
};

describe("every function's cold start reads at most 1 MB, bundled as deployed", () => {
  const figures = new Map<string, BundleFigures>();
  beforeAll(async () => {
    // Each function on its own, with the options `sst deploy` uses: one build for several
    // entries would share chunks between functions and change what each one reads at start.
    for (const [name, spec] of deployedFunctions) {
      const result = await build({
        ...deployOptions(spec),
        entryPoints: [handlerFile(spec)],
        outdir: `/tmp/cadence-bundle-size/${name}`,
        write: false,
      });
      figures.set(name, figuresOf(result.metafile as Metafile, handlerFile(spec)));
    }
  }, 300_000);

  for (const [name, spec] of deployedFunctions) {
    it(`${name} (${spec.handler})`, () => {
      const bytes = figures.get(name)?.initBytes ?? Number.POSITIVE_INFINITY;
      const ceiling = overLimit[name] ?? limitBytes;
      expect(bytes, `${name} reads ${Math.round(bytes / 1024)} KB at start`).toBeLessThanOrEqual(
        ceiling,
      );
    });
  }

  it("the publish consumer reads no network adapter and no undici at start", () => {
    const publish = figures.get("publish");
    const atStart = publish?.heaviest.map(([input]) => input) ?? [];
    expect(atStart).toContain("electrodb");
    expect(atStart).not.toContain("@atproto/api");
    expect(atStart).not.toContain("undici");
    expect(atStart).not.toContain("@aws-sdk/client-kms");
  });
});
