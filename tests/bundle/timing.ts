import { execFileSync } from "node:child_process";

// Lambda's environment as far as an import reads it: a region and credentials.
const lambdaEnv = {
  ...process.env,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "cold",
  AWS_SECRET_ACCESS_KEY: "cold",
  POWERTOOLS_LOG_LEVEL: "ERROR",
  // SST's links as Lambda sees them: the app is known; a module reading a resource at import
  // time fails as it would on a function not linked to it.
  SST_RESOURCE_App: JSON.stringify({ name: "cadence", stage: "bench" }),
  NODE_OPTIONS: "",
};

/** One fresh `node` process importing the bundle: milliseconds from before the import to after. */
export function importMs(entry: string): number {
  const program =
    "const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));";
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", program, entry], {
    env: lambdaEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return Number(out);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length % 2) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
