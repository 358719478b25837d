import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { useWorkspace } from "../actor/index.ts";
import { holdTargets, releaseTargets } from "../connect/disconnect.ts";
import { unlessConditionFails } from "../db/condition.ts";
import type { AccountItem } from "../db/entities/account.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Plan } from "../plan/index.ts";

/**
 * Downgrades lose nothing: when the plan in effect allows fewer connected accounts than are
 * connected, the accounts over the limit are paused and their waiting posts held (never
 * deleted); when it allows more again, paused accounts resume and their posts go back on
 * schedule. Runs in the acting workspace, after the write that changed the plan committed;
 * running it twice changes nothing the second time.
 */
export async function fitAccountsToPlan(chosen?: string[]): Promise<{
  paused: string[];
  resumed: string[];
}> {
  const workspaceId = useWorkspace();
  const { limits } = await Plan.standing(workspaceId);
  const accounts = (
    await db().entities.account.query.byWorkspace({ workspaceId }).go({ pages: "all" })
  ).data.filter((account) => account.status !== "disconnected");
  const toPause = chosen ? new Set(chosen) : defaultPauses(accounts, limits.accounts);
  const paused: string[] = [];
  const resumed: string[] = [];
  for (const account of accounts) {
    const pause = toPause.has(account.accountId);
    if (pause && !account.pausedByPlan && (await pauseAccount(account))) {
      paused.push(account.accountId);
    }
    if (!pause && account.pausedByPlan && (await resumeAccount(account))) {
      resumed.push(account.accountId);
    }
  }
  return { paused, resumed };
}

/**
 * Which accounts to pause when the owner did not choose: those already paused stay paused
 * while over the limit, then the most recently connected; under the limit, the oldest paused
 * resume first.
 */
function defaultPauses(accounts: AccountItem[], limit: number): Set<string> {
  const byAge = [...accounts].sort(
    (a, b) =>
      Number(a.pausedByPlan ?? false) - Number(b.pausedByPlan ?? false) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.accountId.localeCompare(b.accountId),
  );
  return new Set(byAge.slice(Math.max(0, limit)).map((account) => account.accountId));
}

/** The owner's choice of accounts to pause: at least enough to fit the plan. */
export async function choosePaused(accountIds: string[]): Promise<{
  paused: string[];
  resumed: string[];
}> {
  const workspaceId = useWorkspace();
  const { plan, limits } = await Plan.standing(workspaceId);
  const accounts = (
    await db().entities.account.query.byWorkspace({ workspaceId }).go({ pages: "all" })
  ).data.filter((account) => account.status !== "disconnected");
  const known = new Set(accounts.map((account) => account.accountId));
  const unknown = accountIds.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new VisibleError(
      "account_not_found",
      `There is no connected account ${unknown} in this workspace.`,
      "accountIds",
    );
  }
  const kept = accounts.length - new Set(accountIds).size;
  if (kept > limits.accounts) {
    const more = kept - limits.accounts;
    throw new VisibleError(
      "invalid_input",
      `The ${Plan.table[plan].name} plan allows ${limits.accounts} connected accounts and ${accounts.length} are connected: choose ${more} more to pause.`,
      "accountIds",
    );
  }
  return fitAccountsToPlan(accountIds);
}

async function pauseAccount(account: AccountItem): Promise<boolean> {
  const { workspaceId, accountId } = account;
  const flagged = await unlessConditionFails(
    db()
      .entities.account.patch({ workspaceId, accountId })
      .set({ pausedByPlan: true })
      .add({ version: 1 })
      .where((attr, op) => op.ne(attr.pausedByPlan, true))
      .go(),
  );
  if (!flagged) return false;
  const targets = await Account.targetsBetween(accountId, "0", "9");
  const held = await holdTargets(targets, Plan.pausedReason(account.displayName));
  await Activity.record({
    action: "account.paused",
    subjectType: "account",
    subjectId: accountId,
    summary: `Paused ${account.handle} to fit the plan${held ? `, holding ${held} post${held === 1 ? "" : "s"}` : ""}`,
    data: { heldTargets: held },
  });
  return true;
}

async function resumeAccount(account: AccountItem): Promise<boolean> {
  const { workspaceId, accountId } = account;
  const cleared = await unlessConditionFails(
    db()
      .entities.account.patch({ workspaceId, accountId })
      .set({ pausedByPlan: false })
      .add({ version: 1 })
      .where((attr, op) => op.eq(attr.pausedByPlan, true))
      .go(),
  );
  if (!cleared) return false;
  const released = await releaseTargets(accountId);
  await Activity.record({
    action: "account.resumed",
    subjectType: "account",
    subjectId: accountId,
    summary: `Resumed ${account.handle}${released ? `; ${released} held post${released === 1 ? " is" : "s are"} scheduled again` : ""}`,
    data: { releasedTargets: released },
  });
  return true;
}
