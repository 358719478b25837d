/**
 * The source × target table of an autorepost rule: for each target, the text it gets and what
 * a copy of the source's video or image is fitted to (the API says, from the same rules the
 * media step fits with).
 */
import type { Schema } from "./api.ts";
import { h } from "./dom.ts";
import { type Account, accountName } from "./posts.ts";

type Rule = Schema<"AutorepostRule">;
type Target = Rule["targets"][number];

function filesOf(target: Target): string {
  const { video, image } = target.fitting;
  if (!video && !image) return "Text and the source link only: it takes no files.";
  return [video ? `video fitted to ${video}` : null, image ? `images fitted to ${image}` : null]
    .filter(Boolean)
    .join("; ");
}

export function targetTable(rule: Rule, accounts: Map<string, Account>): HTMLTableElement {
  const source = accounts.get(rule.sourceAccountId);
  return h(
    "table",
    { class: "data-table" },
    h("caption", null, `From ${accountName(source)} (${rule.sourceNetwork}), each target gets:`),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, "Target"),
        h("th", { scope: "col" }, "Text"),
        h("th", { scope: "col" }, "Files"),
      ),
    ),
    h(
      "tbody",
      null,
      rule.targets.map((target) => {
        const account = accounts.get(target.accountId);
        const postType = target.overrides.postType;
        return h(
          "tr",
          null,
          h(
            "th",
            { scope: "row" },
            `${accountName(account)} — ${account?.network ?? ""}`,
            typeof postType === "string" ? ` (${postType})` : "",
          ),
          h("td", null, h("code", null, target.template ?? rule.template)),
          h("td", null, filesOf(target)),
        );
      }),
    ),
  );
}
