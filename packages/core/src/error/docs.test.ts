import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogue } from "./catalogue/index.ts";
import { errorsDocPath, renderErrorsDoc } from "./docs.ts";

const committed = () =>
  readFileSync(new URL(`../../../../${errorsDocPath}`, import.meta.url), "utf8");

describe("docs/errors.md", () => {
  it("is exactly what the catalogue generates (run `pnpm errors:docs` after changing it)", () => {
    expect(committed()).toBe(renderErrorsDoc());
  });

  it("lists every code with its status", () => {
    const text = renderErrorsDoc();
    for (const [code, entry] of Object.entries(catalogue)) {
      expect(text, code).toContain(`\`${code}\` | ${entry.status} |`);
    }
  });
});
