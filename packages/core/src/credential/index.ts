import type { TokenSet } from "@cadence/networks";
import { type CredentialItem, refreshShards } from "../db/entities/credential.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { adapterFor } from "../network/index.ts";
import { usePorts } from "../ports.ts";
import { sha256 } from "../util/id.ts";

/**
 * OAuth tokens of connected accounts. Stored only sealed by the Vault with the tenant ids as
 * encryption context; decrypted in memory for one call and never logged or returned.
 */
export namespace Credential {
  /** Refresh this long before the access token expires. */
  export const refreshMarginMs = 10 * 60_000;

  const context = (workspaceId: string, accountId: string) => ({ workspaceId, accountId });

  function shardOf(accountId: string): string {
    return String(Number.parseInt(sha256(accountId).slice(0, 4), 36) % refreshShards);
  }

  function refreshAtFor(tokens: TokenSet): string {
    if (!tokens.expiresAt || !tokens.refreshToken) return "";
    return new Date(Date.parse(tokens.expiresAt) - refreshMarginMs).toISOString();
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
        refreshShard: shardOf(input.accountId),
        refreshFailures: 0,
      })
      .go();
  }

  async function read(
    workspaceId: string,
    accountId: string,
  ): Promise<{ item: CredentialItem; tokens: TokenSet }> {
    const item = (await db().entities.credential.get({ workspaceId, accountId }).go()).data;
    if (!item) {
      throw new VisibleError(
        "conflict",
        "account_not_connected",
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
    if (!item.refreshAt || Date.parse(item.expiresAt) - Date.now() > refreshMarginMs) return tokens;
    return refresh(workspaceId, accountId, item, tokens);
  }

  export async function refresh(
    workspaceId: string,
    accountId: string,
    item: CredentialItem,
    tokens: TokenSet,
  ): Promise<TokenSet> {
    const adapter = adapterFor(item.network);
    if (!adapter.connect.refresh) return tokens;
    const fresh = await adapter.connect.refresh(tokens);
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
        })
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, item.version))
        .go();
      return fresh;
    } catch {
      // Another refresh won; its tokens are the current ones.
      return (await read(workspaceId, accountId)).tokens;
    }
  }

  export async function remove(workspaceId: string, accountId: string): Promise<void> {
    await db().entities.credential.delete({ workspaceId, accountId }).go();
  }
}
