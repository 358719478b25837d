import { parseArgs } from "node:util";
import { Billing } from "./index.ts";

/**
 * The operator's command for contracts: `pnpm plan:set <workspaceId> <plan> [--limit name=n]…`.
 * Run where the stage's resources are linked (`npx sst shell --stage <stage> -- pnpm plan:set …`).
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { limit: { type: "string", multiple: true } },
});
const [workspaceId, plan] = positionals;
if (!workspaceId || !plan) {
  console.error(
    "usage: pnpm plan:set <workspaceId> <free|starter|pro|enterprise> [--limit accounts=1200]…",
  );
  process.exit(2);
}
const customLimits = Object.fromEntries(
  (values.limit ?? []).map((pair) => {
    const [name, value] = pair.split("=");
    return [name, Number(value)];
  }),
);
const standing = await Billing.assign({ workspaceId, plan: plan as "free", customLimits });
console.log(JSON.stringify({ workspaceId, plan: standing.plan, limits: standing.limits }, null, 2));
