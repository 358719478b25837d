import { domains } from "./catalogue/index.ts";

/** Where the generated reference lives, from the repository's root. */
export const errorsDocPath = "docs/errors.md";

const cell = (text: string) => text.replaceAll("|", "\\|");

/**
 * docs/errors.md, written from the catalogue alone so it cannot drift: docs.test.ts fails when
 * the committed file differs from this.
 */
export function renderErrorsDoc(): string {
  const lines = [
    "# Errors",
    "",
    "<!-- Generated from packages/core/src/error/catalogue by `pnpm errors:docs`; do not edit. -->",
    "",
    "Every error the API answers is an RFC 9457 problem document (`application/problem+json`):",
    "`code` is stable and listed below, `title` is the code's title, `detail` is a sentence about",
    "this occurrence that says what to do (the fix below when there is nothing more precise),",
    "`field` names the input at fault, and `requestId` is what support asks for.",
    "",
    "- A code answers with the status below. A code for something missing (404) answers **400**",
    "  when the request named it in a body field (an account in a post's targets): the address",
    "  was right, the input was not. The problem then carries `field`.",
    "- 429 answers carry `Retry-After` (seconds).",
    "- A failed post target carries the same codes in `error.code` (`reconnect_needed`,",
    "  `network_refused`, `network_unavailable`, `network_rate_limited`, `missed_window`, …): the",
    "  networks' own codes stay in the logs.",
    "- Nothing else leaves the API: any other failure is `internal_error` with a request id.",
    "",
  ];
  for (const domain of domains) {
    lines.push(
      `## ${domain.name}`,
      "",
      "| Code | Status | Title | How to fix it |",
      "| --- | --- | --- | --- |",
    );
    for (const [code, entry] of Object.entries(domain.codes)) {
      lines.push(
        `| <a id="${code}"></a>\`${code}\` | ${entry.status} | ${cell(entry.title)} | ${cell(entry.fix)} |`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}
