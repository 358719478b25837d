import { NetworkError, type NetworkId, type TokenSet } from "@cadence/networks";
import { ignoreCondition, isConditionFailure } from "../db/condition.ts";
import { type CredentialItem, refreshShards } from "../db/entities/credential.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { adapterFor } from "../network/index.ts";
import { usePorts } from "../ports.ts";
import { shardOf } from "../util/id.ts";

/**
 * OAuth tokens of connected accounts. Stored only sealed by the Vault with the tenant ids as
 * encryption context; decrypted in memory for one call and never logged or returned.
 */
export namespace Credential {
  /** Refresh this long before the access token expires. */
  export const refreshMarginMs = 10 * 60_000;

  const context = (workspaceId: string, accountId: string) => ({ workspaceId, accountId });

  /**
   * When the renewal cron should refresh these tokens: the margin before they expire, or never
   * ("") when they do not expire or cannot be refreshed.
   */
  export function refreshAtFor(tokens: TokenSet): string {
    if (!tokens.expiresAt || !tokens.refreshToken) return "";
    return new Date(Date.parse(tokens.expiresAt) - refreshMarginMs).toISOString();
  }

  /**
   * Whether a publish must refresh before using the tokens: they can be refreshed and expire
   * within the margin (or already have, or say nothing of when).
   */
  export function needsRefresh(
    item: Pick<CredentialItem, "refreshAt" | "expiresAt">,
    nowMs: number,
  ): boolean {
    if (!item.refreshAt) return false;
    const leftMs = Date.parse(item.expiresAt) - nowMs;
    return !(leftMs > refreshMarginMs);
  }

  /** Seals and stores tokens for an account, replacing what was there. */
  export async function store(input: {
    workspaceId: string;
    accountId: string;
    network: string;
    tokens: TokenSet;
  }): Promise<void> {
    const sealed = await usePorts().vault.seal(
      JSON.stringify(input.tokens),
      context(input.workspaceId, input.accountId),
    );
    const existing = (
      await db()
        .entities.credential.get({ workspaceId: input.workspaceId, accountId: input.accountId })
        .go()
    ).data;
    await db()
      .entities.credential.put({
        workspaceId: input.workspaceId,
        accountId: input.accountId,
        network: input.network,
        sealed,
        version: (existing?.version ?? 0) + 1,
        expiresAt: input.tokens.expiresAt ?? "",
        refreshAt: refreshAtFor(input.tokens),
        refreshShard: shardOf(input.accountId, refreshShards),
        refreshFailures: 0,
      })
      .go();
  }

  /** The stored item and its tokens, opened; for callers that decide themselves what to do. */
  export async function read(
    workspaceId: string,
    accountId: string,
  ): Promise<{ item: CredentialItem; tokens: TokenSet }> {
    const item = (await db().entities.credential.get({ workspaceId, accountId }).go()).data;
    if (!item) {
      throw new VisibleError(
        "reconnect_needed",
        "This account has no stored sign-in. Reconnect it.",
      );
    }
    const tokens = JSON.parse(
      await usePorts().vault.open(item.sealed, context(workspaceId, accountId)),
    ) as TokenSet;
    return { item, tokens };
  }

  /**
   * The account's tokens, refreshed first when they expire within the margin. Two refreshes
   * never race: a conditional write on the credential's version decides the winner, and the
   * loser rereads the winner's tokens.
   */
  export async function tokensFor(workspaceId: string, accountId: string): Promise<TokenSet> {
    const { item, tokens } = await read(workspaceId, accountId);
    if (!needsRefresh(item, Date.now())) return tokens;
    return refresh(workspaceId, accountId, item, tokens);
  }

  /**
   * Refreshes once, whoever asks: the first caller takes a short lease on the credential (a
   * conditional write on its version) and talks to the network; others wait for the new version
   * and read it. Refresh tokens that rotate would otherwise be spent twice, and the second use
   * would look like a revoked grant.
   */
  /** How long one caller's refresh claim holds; others wait up to this long for its tokens. */
  export const refreshLeaseMs = 20_000;

  /**
   * Refreshes the tokens. Refresh tokens that rotate work once, so only one caller may use it:
   * a conditional write on the version (with no live claim) makes one caller the refresher, and
   * the others wait for the tokens it stores instead of spending the old refresh token again.
   */
  export async function refresh(
    workspaceId: string,
    accountId: string,
    item: CredentialItem,
    tokens: TokenSet,
  ): Promise<TokenSet> {
    const adapter = adapterFor(item.network);
    if (!adapter.connect.refresh) return tokens;
    const claimed = await claimRefresh(item);
    if (!claimed) return afterOtherRefresh(workspaceId, accountId, item.network);
    let fresh: TokenSet;
    try {
      fresh = await adapter.connect.refresh(tokens);
    } catch (error) {
      await db()
        .entities.credential.patch({ workspaceId, accountId })
        .set({ refreshingUntil: "" })
        .where((attr, op) => op.eq(attr.version, claimed.version))
        .go()
        .catch(ignoreCondition);
      throw error;
    }
    const sealed = await usePorts().vault.seal(
      JSON.stringify(fresh),
      context(workspaceId, accountId),
    );
    try {
      await db()
        .entities.credential.patch({ workspaceId, accountId })
        .set({
          sealed,
          expiresAt: fresh.expiresAt ?? "",
          refreshAt: refreshAtFor(fresh),
          refreshShard: item.refreshShard,
          refreshFailures: 0,
          refreshingUntil: "",
        })
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, claimed.version))
        .go();
      return fresh;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // A reconnect stored new tokens meanwhile; those are the current ones.
      return (await read(workspaceId, accountId)).tokens;
    }
  }

  async function claimRefresh(item: CredentialItem): Promise<CredentialItem | undefined> {
    const now = new Date().toISOString();
    try {
      const claimed = await db()
        .entities.credential.patch({ workspaceId: item.workspaceId, accountId: item.accountId })
        .set({ refreshingUntil: new Date(Date.now() + refreshLeaseMs).toISOString() })
        .add({ version: 1 })
        .where(
          (attr, op) =>
            `${op.eq(attr.version, item.version)} AND (${op.notExists(attr.refreshingUntil)} OR ${op.lt(attr.refreshingUntil, now)})`,
        )
        .go({ response: "all_new" });
      return claimed.data as CredentialItem;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Another caller holds the claim: its tokens once it is done, or a new try if it died. */
  async function afterOtherRefresh(
    workspaceId: string,
    accountId: string,
    network: string,
  ): Promise<TokenSet> {
    const deadline = Date.now() + refreshLeaseMs + 5_000;
    while (Date.now() < deadline) {
      const current = await read(workspaceId, accountId);
      const until = current.item.refreshingUntil ?? "";
      if (!until) return current.tokens;
      if (Date.parse(until) < Date.now()) {
        return refresh(workspaceId, accountId, current.item, current.tokens);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new NetworkError({
      network: network as NetworkId,
      kind: "transient",
      operation: "refresh token",
      code: "refresh_in_progress",
      detail: "another refresh of this credential did not finish in time",
      userMessage: "Cadence is renewing this account's sign-in. Try again in a minute.",
    });
  }

  export async function remove(workspaceId: string, accountId: string): Promise<void> {
    await db().entities.credential.delete({ workspaceId, accountId }).go();
  }
}
