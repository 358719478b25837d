import type { Profile, SubAccount, TokenSet } from "@cadence/networks";
import { Account } from "../account/index.ts";
import { Activity } from "../activity/index.ts";
import { useWorkspace } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import { db } from "../db/service.ts";
import { logInfo } from "../log/index.ts";
import { releaseTargets } from "./disconnect.ts";

/** What becomes one Cadence account: the profile itself, or one of its pages or channels. */
export interface Linkable {
  network: string;
  externalId: string;
  handle: string;
  displayName: string;
  avatarUrl?: string;
  profileUrl?: string;
  kind: string;
  /** The network user whose authorization this rests on (the profile's id for sub-accounts). */
  grantExternalId: string;
  tokens: TokenSet;
}

export function linkableProfile(network: string, profile: Profile, tokens: TokenSet): Linkable {
  return {
    network,
    externalId: profile.externalId,
    handle: profile.handle,
    displayName: profile.displayName,
    avatarUrl: profile.avatarUrl,
    profileUrl: profile.profileUrl,
    kind: "profile",
    grantExternalId: profile.externalId,
    tokens,
  };
}

/** A page, organization, board, channel or location: its own tokens where the network has them. */
export function linkableSubAccount(
  network: string,
  profile: Pick<Profile, "externalId">,
  sub: { externalId: string; kind: SubAccount["kind"] | string; name: string },
  tokens: TokenSet,
): Linkable {
  return {
    network,
    externalId: sub.externalId,
    handle: sub.name,
    displayName: sub.name,
    kind: sub.kind,
    grantExternalId: profile.externalId,
    tokens,
  };
}

/**
 * Creates the account, or refreshes the one already connected under the same network id (its
 * id, posts, slots and settings stay), then seals and stores its tokens. A network that answers
 * a new authorization without a refresh token does not cost the account its stored one.
 */
export async function link(linkable: Linkable): Promise<Account.Info> {
  const workspaceId = useWorkspace();
  const existing = (
    await db()
      .entities.account.query.byExternal({
        workspaceId,
        network: linkable.network,
        externalId: linkable.externalId,
      })
      .go()
  ).data[0];
  const account = await Account.connect({
    network: linkable.network,
    externalId: linkable.externalId,
    handle: linkable.handle,
    displayName: linkable.displayName,
    avatarUrl: linkable.avatarUrl,
    profileUrl: linkable.profileUrl,
    kind: linkable.kind,
  });
  await db()
    .entities.account.patch({ workspaceId, accountId: account.id })
    .set({ grantKey: `${linkable.network}#${linkable.grantExternalId}` })
    .go();
  await Credential.store({
    workspaceId,
    accountId: account.id,
    network: linkable.network,
    tokens: await keepingRefreshToken(workspaceId, account.id, linkable.tokens),
  });
  if (existing) {
    // Posts held while it was disconnected go back to waiting, now that it can publish again.
    const released = await releaseTargets(account.id);
    await Activity.record({
      action: "account.reconnected",
      subjectType: "account",
      subjectId: account.id,
      summary: `Reconnected ${linkable.handle}${released ? `; ${released} held post${released === 1 ? " is" : "s are"} scheduled again` : ""}`,
      data: { releasedTargets: released },
    });
  }
  logInfo("account connected", {
    workspaceId,
    accountId: account.id,
    network: linkable.network,
    reconnected: existing !== undefined,
  });
  return account;
}

async function keepingRefreshToken(
  workspaceId: string,
  accountId: string,
  tokens: TokenSet,
): Promise<TokenSet> {
  if (tokens.refreshToken) return tokens;
  const previous = await Credential.read(workspaceId, accountId)
    .then((stored) => stored.tokens)
    .catch(() => undefined);
  const stillValid =
    previous?.refreshToken !== undefined &&
    (!previous.refreshExpiresAt || Date.parse(previous.refreshExpiresAt) > Date.now());
  if (!previous || !stillValid) return tokens;
  return {
    ...tokens,
    refreshToken: previous.refreshToken,
    refreshExpiresAt: previous.refreshExpiresAt,
  };
}
