import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { useWorkspace } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import type { AccountItem } from "../db/entities/account.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { Media } from "../media/index.ts";
import { postStatus } from "../post/status.ts";
import { Target } from "../target/index.ts";
import { connectAdapter } from "./adapter.ts";

/**
 * Ends Cadence's access to an account: revokes the tokens at the network (where it can and
 * nothing else rests on the same authorization), deletes the credential, cancels what was
 * scheduled for it with the reason, and keeps the account as `disconnected` for the history of
 * its posts, or deletes it when nothing was ever posted or planned with it.
 */
export async function disconnectAccount(
  accountId: string,
  options: { revoke: boolean; reason: string; deleteIfUnused: boolean },
): Promise<"deleted" | "disconnected"> {
  const workspaceId = useWorkspace();
  const account = await Account.load(accountId);
  if (options.revoke && !(await sharesGrant(account))) await revokeAtNetwork(account);
  await Credential.remove(workspaceId, accountId);

  const targets = await Account.targetsBetween(accountId, "0", "9");
  await cancelTargets(targets, options.reason);

  if (options.deleteIfUnused && targets.length === 0) {
    await db().entities.account.delete({ workspaceId, accountId }).go();
  } else {
    await db()
      .entities.account.patch({ workspaceId, accountId })
      .set({ status: "disconnected", statusReason: options.reason })
      .add({ version: 1 })
      .go();
  }
  await Activity.record({
    action: "account.disconnected",
    subjectType: "account",
    subjectId: accountId,
    summary: `Disconnected ${account.network} account ${account.handle}`,
    data: { canceledTargets: targets.filter(isOpen).length },
  });
  logInfo("account disconnected", { workspaceId, accountId, network: account.network });
  return options.deleteIfUnused && targets.length === 0 ? "deleted" : "disconnected";
}

/** Pages or organizations picked through the same login still use its authorization. */
async function sharesGrant(account: AccountItem): Promise<boolean> {
  if (!account.grantKey) return false;
  const siblings = await db()
    .entities.account.query.byGrant({ grantKey: account.grantKey })
    .go({ pages: "all", hydrate: true });
  return siblings.data.some(
    (other) => other.accountId !== account.accountId && other.status === "active",
  );
}

/** A failed revoke does not stop the disconnect: the tokens are deleted here either way. */
async function revokeAtNetwork(account: AccountItem): Promise<void> {
  try {
    const adapter = connectAdapter(account.network);
    if (!adapter.connect.revoke) return;
    const { tokens } = await Credential.read(account.workspaceId, account.accountId);
    await adapter.connect.revoke(tokens);
  } catch (error) {
    logWarn("could not revoke tokens at the network", {
      workspaceId: account.workspaceId,
      accountId: account.accountId,
      network: account.network,
      error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
    });
  }
}

function isOpen(target: TargetItem): boolean {
  return target.state === "scheduled" || target.state === "pending_approval";
}

/** Cancels the account's scheduled targets, saying why, and removes their schedules. */
export async function cancelTargets(targets: TargetItem[], reason: string): Promise<void> {
  const touchedPosts = new Set<string>();
  for (const target of targets.filter(isOpen)) {
    // A target claimed or changed meanwhile is left to whoever moved it; its publish finds the
    // credential gone and fails with that reason.
    const canceled = await Target.cancel(target, { code: "account_disconnected", message: reason });
    if (canceled) touchedPosts.add(target.postId);
  }
  for (const postId of touchedPosts) await refreshPostStatus(postId);
}

async function refreshPostStatus(postId: string): Promise<void> {
  const workspaceId = useWorkspace();
  const loaded = await db().collections.post({ workspaceId, postId }).go({ pages: "all" });
  const status = postStatus(loaded.data.target.map((t) => t.state));
  await db().entities.post.patch({ workspaceId, postId }).set({ status }).go();
  // Media held for a post that can no longer publish may be deleted again.
  if (status === "canceled") await Media.release({ postId });
}
