import { build } from "esbuild";
import { functionSpecs } from "../../infra/function-specs.ts";
import { deployOptions, handlerFile } from "./deploy.ts";

const name = process.argv[2] as keyof typeof functionSpecs;
const spec = functionSpecs[name];
const r = await build({
  ...deployOptions(spec),
  entryPoints: [handlerFile(spec)],
  outdir: "/tmp/cold-inspect-out",
  write: false,
});
const inputs = r.metafile?.inputs ?? {};
for (const target of process.argv.slice(3)) {
  for (const [k, v] of Object.entries(inputs))
    for (const i of v.imports)
      if (i.path.includes(target) && !k.includes(target)) console.log(target, "<-", k, i.kind);
}
