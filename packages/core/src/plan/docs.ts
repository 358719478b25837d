import {
  featureLabels,
  featureNames,
  formatBytes,
  limitLabels,
  limitNames,
  planIds,
  plans,
} from "./catalogue.ts";

/** Where the generated plan reference lives, from the repository's root. */
export const plansDocPath = "docs/plans.md";

function limitCell(limit: (typeof limitNames)[number], value: number): string {
  const { unit } = limitLabels[limit];
  if (unit === "bytes") return formatBytes(value);
  return value.toLocaleString("en-US");
}

/** docs/plans.md, from the plan table alone: docs.test.ts fails when the committed file differs. */
export function renderPlansDoc(): string {
  const header = `| | ${planIds.map((id) => plans[id].name).join(" | ")} |`;
  const rule = `| --- | ${planIds.map(() => "---").join(" | ")} |`;
  const price = (id: (typeof planIds)[number]) => {
    const cents = plans[id].monthlyCents;
    return cents === undefined ? "by contract" : `$${(cents / 100).toFixed(0)} a month`;
  };
  return [
    "# Plans",
    "",
    "<!-- Generated from packages/core/src/plan/catalogue.ts by `pnpm errors:docs`; do not edit. -->",
    "",
    "Limits and features are enforced in `packages/core` (plan/). An action over a limit, or",
    "behind a feature the plan lacks, answers **402** problem+json: `plan_limit_reached` with",
    "`limit`, `used`, `max`, `plan` and `requiredPlan`, or `feature_not_in_plan` with `feature`,",
    "`plan` and `requiredPlan` (docs/errors.md). Not enforced yet: posts scheduled at once and",
    "media storage (shown for the plans, not counted), and the feeds gate (no feeds yet).",
    "",
    `| Price | ${planIds.map(price).join(" | ")} |`,
    `| --- | ${planIds.map(() => "---").join(" | ")} |`,
    "",
    "## Limits",
    "",
    header,
    rule,
    ...limitNames.map(
      (limit) =>
        `| ${limitLabels[limit].noun} | ${planIds.map((id) => limitCell(limit, plans[id].limits[limit])).join(" | ")} |`,
    ),
    `| largest video upload | ${planIds.map((id) => formatBytes(plans[id].maxUploadBytes.video)).join(" | ")} |`,
    `| largest image upload | ${planIds.map((id) => formatBytes(plans[id].maxUploadBytes.image)).join(" | ")} |`,
    "",
    "## Features",
    "",
    header,
    rule,
    ...featureNames.map(
      (feature) =>
        `| ${featureLabels[feature]} | ${planIds.map((id) => (plans[id].features[feature] ? "yes" : "—")).join(" | ")} |`,
    ),
    "",
    "## How the limits count",
    "",
    "- Connected accounts, members and API keys are counted by a usage counter per workspace,",
    "  changed in the same DynamoDB transaction as the write it guards (`used < limit` is the",
    "  write's condition): forty requests for the last slot get exactly one success. Removing one",
    "  (disconnecting an account, removing a member, revoking a key) gives its slot back. An",
    "  account paused by a downgrade still counts.",
    "- Analytics history: dashboards and exports reach back this many days.",
    "- A new workspace tries Pro for 14 days without a card; without a subscription it then",
    "  falls to Free. A workspace from before plans existed is on Free.",
    "- Past due: the plan holds for a 7-day grace period (a banner and a mail say so), then the",
    "  workspace falls to Free until the payment goes through. A lapsed trial or grace period",
    "  applies Free's limits and features at once; accounts over Free's limit are paused at the",
    "  next plan change (a Stripe event or the operator command), not at the moment it lapses.",
    "",
    "## Downgrades lose nothing",
    "",
    "When the plan in effect allows fewer connected accounts than are connected, the accounts",
    "over the limit are paused — the ones the owner chose, else the most recently connected —",
    "and their scheduled posts are held (listed on the billing page), never deleted. Moving to",
    "a plan that allows them resumes the accounts and puts the held posts back on schedule;",
    "a post whose time passed meanwhile waits for a new time.",
    "",
    "## Enterprise",
    "",
    "Enterprise is set by an operator, with the contract's limits over the table's:",
    "",
    "```sh",
    "pnpm plan:set <workspaceId> enterprise --limit accounts=1200 --limit members=800",
    "pnpm plan:set <workspaceId> pro          # back to a self-serve plan's own limits",
    "```",
    "",
    "The command writes the plan and limits in one conditional update, records the change in the",
    "workspace's activity log, and pauses or resumes accounts as a subscription change would.",
    "",
  ].join("\n");
}
