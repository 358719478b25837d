import * as z from "zod";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { useWorkspace } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import type { AccountItem } from "../db/entities/account.ts";
import type { TargetItem } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { Media } from "../media/index.ts";
import { Usage } from "../plan/usage.ts";
import { postStatus } from "../post/status.ts";
import { Target } from "../target/index.ts";
import type { Reason } from "../target/transitions.ts";
import "../util/zod.ts";
import { connectAdapter } from "./adapter.ts";

/**
 * Ends Cadence's access to an account: revokes the tokens at the network (where it can and
 * nothing else rests on the same authorization), deletes the credential, cancels what was
 * scheduled for it with the reason, and keeps the account as `disconnected` for the history of
 * its posts, or deletes it when nothing was ever posted or planned with it. What was waiting to
 * go out is held, not canceled: reconnecting the account puts it back (connect/link.ts).
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
  const held = await holdTargets(targets, {
    code: "account_disconnected",
    message: options.reason,
  });

  // The account stops counting against the plan in the same transaction that ends it; an
  // account already disconnected gave its slot back then.
  const deleting = options.deleteIfUnused && targets.length === 0;
  if (account.status === "disconnected") {
    if (deleting) await db().entities.account.delete({ workspaceId, accountId }).go();
  } else {
    await Usage.give(workspaceId, "accounts", ({ account: accounts }) => [
      deleting
        ? accounts
            .delete({ workspaceId, accountId })
            .where((attr, op) => op.ne(attr.status, "disconnected"))
            .commit()
        : accounts
            .patch({ workspaceId, accountId })
            .set({ status: "disconnected", statusReason: options.reason })
            .add({ version: 1 })
            .where((attr, op) => op.ne(attr.status, "disconnected"))
            .commit(),
    ]);
  }
  await Activity.record({
    action: "account.disconnected",
    subjectType: "account",
    subjectId: accountId,
    summary: `Disconnected ${account.handle}${held ? `, holding ${held} post${held === 1 ? "" : "s"} until it is reconnected` : ""}`,
    data: { heldTargets: held },
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

export function isOpen(target: TargetItem): boolean {
  return target.state === "scheduled" || target.state === "pending_approval";
}

export const HeldPost = z.object({
  postId: z.string(),
  targetId: z.string(),
  dueAt: z.string(),
  timeZone: z.string().nullable(),
  text: z.string(),
});

/** What disconnecting would hold: each waiting post of the account, soonest first. */
export async function postsToHold(accountId: string): Promise<z.infer<typeof HeldPost>[]> {
  const workspaceId = useWorkspace();
  await Account.load(accountId);
  const waiting = (await Account.targetsBetween(accountId, "0", "9")).filter(isOpen);
  const texts = new Map<string, string>();
  for (const postId of new Set(waiting.map((t) => t.postId))) {
    const post = (await db().entities.post.get({ workspaceId, postId }).go()).data;
    texts.set(postId, post?.text ?? "");
  }
  return waiting
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((target) => ({
      postId: target.postId,
      targetId: target.targetId,
      dueAt: target.dueAt,
      timeZone: target.timeZone ?? null,
      text: target.overrides?.text ?? texts.get(target.postId) ?? "",
    }));
}

/** Holds the account's waiting targets, saying why; answers how many it held. */
export async function holdTargets(targets: TargetItem[], reason: Reason): Promise<number> {
  const touchedPosts = new Set<string>();
  let held = 0;
  for (const target of targets.filter(isOpen)) {
    // A target claimed or changed meanwhile is left to whoever moved it; its publish finds the
    // credential gone and fails with that reason.
    const moved = await Target.holdForAccount(target, reason);
    if (!moved) continue;
    held += 1;
    touchedPosts.add(target.postId);
  }
  for (const postId of touchedPosts) await refreshPostStatus(postId);
  return held;
}

/** Puts a reconnected account's held targets back where they were waiting; answers how many. */
export async function releaseTargets(accountId: string): Promise<number> {
  const targets = (await Account.targetsBetween(accountId, "0", "9")).filter(
    (target) => target.state === "held",
  );
  const touchedPosts = new Set<string>();
  let released = 0;
  // A moment ahead, so a post whose time passed while held is scheduled, not already late.
  const notBefore = new Date(Date.now() + 5_000).toISOString();
  for (const target of targets) {
    if (!(await Target.release(target, notBefore))) continue;
    released += 1;
    touchedPosts.add(target.postId);
  }
  for (const postId of touchedPosts) await refreshPostStatus(postId);
  return released;
}

async function refreshPostStatus(postId: string): Promise<void> {
  const workspaceId = useWorkspace();
  const loaded = await db().collections.post({ workspaceId, postId }).go({ pages: "all" });
  const status = postStatus(loaded.data.target.map((t) => t.state));
  await db().entities.post.patch({ workspaceId, postId }).set({ status }).go();
  // Media held for a post that can no longer publish may be deleted again.
  if (status === "canceled") await Media.release({ postId });
}
