import { NetworkError } from "@cadence/networks";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { withActor } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import { ignoreCondition } from "../db/condition.ts";
import { type CredentialItem, refreshShards } from "../db/entities/credential.ts";
import { db } from "../db/service.ts";
import { Event } from "../event/index.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { adapterFor } from "../network/index.ts";
import { record as recordMetric } from "../publish/metrics.ts";
import { refreshPostStatus } from "../publish/post-status.ts";
import { Target } from "../target/index.ts";

/**
 * The token refresh cron's work: renew every credential whose refresh time has come, before a
 * publish needs it. A failure backs off exponentially; a refusal of the grant itself (revoked,
 * expired) flags the account for reconnecting with the network's reason and fails what was due
 * to go out on it, since nothing can post until a person reconnects.
 */
export namespace Renewal {
  /** Credentials due within this window are renewed now rather than on the next run. */
  export const windowMs = 2 * 60_000;
  const firstBackoffMs = 5 * 60_000;
  const maxBackoffMs = 6 * 3_600_000;

  export interface RunResult {
    refreshed: number;
    failed: number;
    reconnectNeeded: number;
    /** Credentials of networks without refresh: taken out of the index. */
    skipped: number;
  }

  export type AfterFailure =
    | { kind: "reconnect"; reason: string }
    | { kind: "retry"; refreshAt: string; backoffMs: number };

  /**
   * What a failed refresh leads to: a refused grant (revoked, expired) cannot be retried and needs
   * a person; anything else tries again after an exponential backoff, capped.
   */
  export function afterFailure(error: unknown, failures: number, now: number): AfterFailure {
    if (error instanceof NetworkError && error.kind === "auth") {
      return { kind: "reconnect", reason: error.userMessage };
    }
    const backoffMs = Math.min(maxBackoffMs, firstBackoffMs * 2 ** (failures - 1));
    return { kind: "retry", refreshAt: new Date(now + backoffMs).toISOString(), backoffMs };
  }

  export async function run(now = Date.now()): Promise<RunResult> {
    const result: RunResult = { refreshed: 0, failed: 0, reconnectNeeded: 0, skipped: 0 };
    const until = new Date(now + windowMs).toISOString();
    await Promise.all(
      Array.from({ length: refreshShards }, async (_, shard) => {
        const due = await db()
          .entities.credential.query.dueForRefresh({ refreshShard: String(shard) })
          .lt({ refreshAt: until })
          .go({ pages: "all" });
        for (const item of due.data) result[await renew(item, now)] += 1;
      }),
    );
    if (result.refreshed || result.failed || result.reconnectNeeded) {
      logInfo("tokens renewed", { ...result });
    }
    return result;
  }

  async function renew(item: CredentialItem, now: number): Promise<keyof RunResult> {
    const { workspaceId, accountId, network } = item;
    return withActor(
      { type: "system", job: "refresh-tokens", workspace: { workspaceId } },
      async () => {
        try {
          if (!adapterFor(network).connect.refresh) {
            await reschedule(item, { refreshAt: "" });
            await expiring(item, now);
            return "skipped";
          }
          const current = await Credential.read(workspaceId, accountId);
          await Credential.refresh(workspaceId, accountId, current.item, current.tokens);
          return "refreshed";
        } catch (error) {
          recordMetric("TokenRefreshFailed", 1, network);
          // The refresh's claim moved the version on: back off from the item as it is now.
          const latest = (await db().entities.credential.get({ workspaceId, accountId }).go()).data;
          if (!latest) return "failed";
          const failures = latest.refreshFailures + 1;
          const next = afterFailure(error, failures, now);
          if (next.kind === "reconnect") {
            await reschedule(latest, { refreshAt: "", refreshFailures: failures });
            await reconnectNeeded(item, next.reason, now);
            return "reconnectNeeded";
          }
          await expiring(latest, now);
          const backoffMs = next.backoffMs;
          await reschedule(latest, { refreshAt: next.refreshAt, refreshFailures: failures });
          logWarn("token refresh failed; will try again", {
            workspaceId,
            accountId,
            network,
            failures,
            retryInMs: backoffMs,
            error:
              error instanceof Error ? { name: error.name, message: error.message } : "unknown",
          });
          return "failed";
        }
      },
    );
  }

  /** How long before a token that cannot be renewed ends the admins are told. */
  export const expiringNoticeMs = 7 * 86_400_000;

  /**
   * Tells the admins that an account's access ends soon and will not be renewed by itself (no
   * refresh, or refreshing keeps failing). Named by the account and the expiry, so each expiry
   * is told once however many runs see it.
   */
  async function expiring(item: CredentialItem, now: number): Promise<void> {
    const endsAt = Date.parse(item.expiresAt);
    if (!item.expiresAt || Number.isNaN(endsAt) || endsAt - now > expiringNoticeMs) return;
    await Event.record({
      workspaceId: item.workspaceId,
      type: "account.token_expiring",
      cause: `${item.accountId}@${item.expiresAt}`,
      data: {
        accountId: item.accountId,
        network: item.network,
        reason: "Its access ends soon and cannot be renewed automatically: reconnect it.",
        expiresAt: item.expiresAt,
      },
    });
  }

  /** Moves the credential in the refresh index, unless a refresh or reconnect changed it. */
  async function reschedule(
    item: CredentialItem,
    changes: { refreshAt: string; refreshFailures?: number },
  ): Promise<void> {
    await db()
      .entities.credential.patch({ workspaceId: item.workspaceId, accountId: item.accountId })
      .set({ ...changes, refreshShard: item.refreshShard })
      .where((attr, op) => op.eq(attr.version, item.version))
      .go()
      .catch(ignoreCondition);
  }

  /** The grant is gone: the account says why, and targets due before anyone can act fail now. */
  async function reconnectNeeded(item: CredentialItem, reason: string, now: number) {
    const { workspaceId, accountId, network } = item;
    await Account.needsReconnect(workspaceId, accountId, reason);
    const horizon = new Date(now + Credential.refreshMarginMs).toISOString();
    const due = (await Account.targetsBetween(accountId, "0", horizon)).filter(
      (target) => target.state === "scheduled",
    );
    for (const target of due) {
      // A target claimed or changed meanwhile is left to whoever moved it.
      const failed = await Target.fail(target, { code: "reconnect_needed", message: reason }, [
        "scheduled",
      ]);
      if (failed) await refreshPostStatus(workspaceId, target.postId);
    }
    await Activity.record({
      action: "account.reconnect_needed",
      subjectType: "account",
      subjectId: accountId,
      summary: `The ${network} account needs reconnecting: ${reason}`,
      data: { failedTargets: due.length },
    });
    logWarn("account needs reconnecting", {
      workspaceId,
      accountId,
      network,
      failedTargets: due.length,
    });
  }
}
