import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { functionSpecs } from "../../infra/function-specs.ts";
import { bundleFunction } from "./deploy.ts";

const spec = functionSpecs[process.argv[2] as keyof typeof functionSpecs];
const b = await bundleFunction(spec);
const dir = "/tmp/cold-prof";
execFileSync(
  process.execPath,
  [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    "--input-type=module",
    "-e",
    "await import(process.argv[1])",
    b.figures.entry,
  ],
  { env: { ...process.env, AWS_REGION: "us-east-1" } },
);
const file = readdirSync(dir).sort().at(-1) as string;
const prof = JSON.parse(readFileSync(`${dir}/${file}`, "utf8"));
const self = new Map<string, number>();
const dt = prof.timeDeltas as number[];
const byId = new Map(prof.nodes.map((n: { id: number }) => [n.id, n]));
prof.samples.forEach((id: number, i: number) => {
  const n = byId.get(id) as {
    callFrame: { functionName: string; url: string; lineNumber: number };
  };
  const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
});
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(v.toFixed(1), k);
await b.dispose();
