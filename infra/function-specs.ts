// Every Lambda the app deploys: its handler and the native packages it installs. Pure data, so
// infra/ declares functions from it and infra/bundles.test.ts bundles each one the way SST does
// and fails when a function reaches a native package it does not install.

/**
 * Packages with native code or shipped binaries: esbuild cannot bundle them, so SST installs
 * them into the function for its architecture (linux-arm64). sharp reads and thumbnails images;
 * ffprobe and ffmpeg probe videos and take their thumbnail frame.
 */
export const nativePackages = [
  "sharp",
  "@ffprobe-installer/ffprobe",
  "@ffmpeg-installer/ffmpeg",
] as const;
export type NativePackage = (typeof nativePackages)[number];

export interface FunctionSpec {
  handler: string;
  natives: readonly NativePackage[];
}

const mediaTools = nativePackages;

export const functionSpecs = {
  // Image uploads are probed in the request (sharp).
  api: { handler: "functions/src/api/lambda.handler", natives: mediaTools },
  // Publishing and reconciling reach the media module (fitting files to a network's rules).
  publish: { handler: "functions/src/publish/handler.handler", natives: mediaTools },
  reconcile: { handler: "functions/src/cron/reconcile.handler", natives: mediaTools },
  // Video processing, imports and exports.
  jobs: { handler: "functions/src/jobs/handler.handler", natives: mediaTools },
  // Fan-outs, webhook attempts and batched notification mail.
  events: { handler: "functions/src/events/handler.handler", natives: [] },
  dailyDigest: { handler: "functions/src/cron/daily-digest.handler", natives: [] },
  refreshTokens: { handler: "functions/src/cron/refresh-tokens.handler", natives: [] },
  ingestMetrics: { handler: "functions/src/cron/ingest-metrics.handler", natives: [] },
  weeklyReport: { handler: "functions/src/cron/weekly-report.handler", natives: [] },
  // Copies each source post's files into the media library: sharp and ffmpeg.
  autorepost: { handler: "functions/src/cron/autorepost.handler", natives: mediaTools },
  // Brings each entry's image into the media library: sharp and ffmpeg.
  feeds: { handler: "functions/src/cron/feeds.handler", natives: mediaTools },
  sandbox: { handler: "packages/local/src/sandbox/lambda.handler", natives: [] },
  relay: { handler: "functions/src/relay/handler.handler", natives: [] },
} as const satisfies Record<string, FunctionSpec>;

/** The `nodejs.install` map for a function, pinned to the versions core is tested with. */
export function installOf(
  spec: FunctionSpec,
  versions: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(spec.natives.map((name) => [name, versions[name] ?? "*"]));
}
