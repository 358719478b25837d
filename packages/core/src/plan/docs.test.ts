import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planIds, plans } from "./catalogue.ts";
import { plansDocPath, renderPlansDoc } from "./docs.ts";

const committed = () =>
  readFileSync(new URL(`../../../../${plansDocPath}`, import.meta.url), "utf8");

describe("docs/plans.md", () => {
  it("is exactly what the plan table generates (run `pnpm errors:docs` after changing it)", () => {
    expect(committed()).toBe(renderPlansDoc());
  });

  it("names every plan and its account limit", () => {
    const text = renderPlansDoc();
    for (const id of planIds) expect(text).toContain(plans[id].name);
    expect(text).toContain(
      `| connected social accounts | ${planIds.map((id) => plans[id].limits.accounts).join(" | ")} |`,
    );
  });
});
