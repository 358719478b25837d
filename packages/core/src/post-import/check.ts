import type { RuleIssue } from "@cadence/networks";
import type { SignatureItem } from "../db/entities/signature.ts";
import { VisibleError } from "../error/index.ts";
import { Media } from "../media/index.ts";
import type { Overrides } from "../post/schema.ts";
import { dueTimes } from "../post/timing.ts";
import { assertPublishable } from "../post/validate.ts";
import type { Schedule } from "../schedule/index.ts";
import { applySignatures } from "../signature/append.ts";
import type { Problem } from "./problem.ts";
import type { Candidate } from "./rows.ts";

/** The column a content rule's field is about. */
function columnOfIssue(field: string, overridden: boolean, network: string): string | null {
  if (field.startsWith("media") || field.startsWith("thread")) return "media_ids";
  if (field === "text") return overridden ? `text.${network}` : "text";
  return null;
}

/**
 * The checks a new post gets before it is scheduled, as Post.create makes them: media exist and
 * are ready, accounts are connected, each network's content rules pass with the accounts'
 * signatures appended, and queue posts find a free slot. Run on rows that name accounts.
 */
export async function checkCandidate(
  candidate: Candidate,
  context: { signatures: Map<string, SignatureItem>; workspaceZone: string },
): Promise<Problem[]> {
  const { row, line, input, accounts, mode } = candidate;
  const problems: Problem[] = [];
  const problem = (column: string | null, code: string, message: string) =>
    problems.push({ row, line, column, code, message });
  const mediaIds = input.mediaIds ?? [];
  try {
    if (mediaIds.length) await Media.describe(mediaIds);
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    problem("media_ids", error.code, error.message);
    return problems;
  }
  if (mode === "draft" || accounts.length === 0) return problems;

  for (const account of accounts) {
    if (account.status !== "active") {
      problem(
        "accounts",
        "reconnect_needed",
        `${account.displayName} (${account.network}) must be reconnected before posts can be scheduled to it.`,
      );
    }
  }
  const targets = await applySignatures(
    input.targets.map((t) => ({ accountId: t.accountId, overrides: t.overrides ?? {} })),
    // Any mode but draft signs; this row's is one of them.
    { text: input.text ?? "", mode: "now" },
    context.signatures,
  );
  try {
    await assertPublishable(
      { text: input.text ?? "", mediaIds },
      targets.map((t, index) => ({
        network: accounts[index]?.network ?? "",
        overrides: t.overrides as Overrides,
      })),
      (ids) => Media.describe(ids),
    );
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    const issues = (error.details?.issues ?? []) as (RuleIssue & { target: number })[];
    if (issues.length === 0) problem(null, error.code, error.message);
    for (const issue of issues) {
      const own = input.targets[issue.target]?.overrides?.text;
      problem(columnOfIssue(issue.field, Boolean(own), issue.network), issue.code, issue.message);
    }
  }
  if (mode === "queue") {
    try {
      await dueTimes({ mode: "queue" } as Schedule.Intent, accounts, {
        workspaceZone: context.workspaceZone,
      });
    } catch (error) {
      if (!(error instanceof VisibleError)) throw error;
      problem("schedule_mode", error.code, error.message);
    }
  }
  return problems;
}
