import { timingSafeEqual } from "node:crypto";
import { newAuthorizationRequest, type SubAccount, type TokenSet } from "@cadence/networks";
import type { Actor } from "../actor/index.ts";
import type { ConnectAttemptItem } from "../db/entities/connect-attempt.ts";
import { db } from "../db/service.ts";
import { usePorts } from "../ports.ts";
import { newId, sha256 } from "../util/id.ts";
import { parseState, stateStagePrefix } from "./state.ts";

/** How long a person has to authorize on the network, and then to pick pages or channels. */
export const attemptLifetimeSeconds = 10 * 60;

/** Who started an attempt; the public callback acts as them once their role is checked again. */
export type StartedBy =
  | { type: "user"; userId: string; email: string; sessionId: string }
  | { type: "apikey"; keyId: string };

/** What the person can pick after authorizing: never tokens. */
export interface Choices {
  profile: { externalId: string; handle: string; displayName: string; avatarUrl?: string };
  subAccounts: Pick<SubAccount, "externalId" | "kind" | "name">[];
}

/** The tokens held while the person picks: the profile's, and each sub-account's own if any. */
export interface HeldTokens {
  profile: TokenSet;
  subAccounts: Record<string, TokenSet>;
}

const context = (item: Pick<ConnectAttemptItem, "workspaceId" | "attemptId">) => ({
  workspaceId: item.workspaceId,
  attemptId: item.attemptId,
});

export function startedByOf(actor: Actor): StartedBy {
  if (actor.type === "user") {
    return { type: "user", userId: actor.userId, email: actor.email, sessionId: actor.sessionId };
  }
  if (actor.type === "apikey") return { type: "apikey", keyId: actor.keyId };
  throw new Error("only people and API keys connect accounts");
}

/**
 * Records a new attempt and returns the state and PKCE verifier for the authorize URL. The
 * state carries the attempt id so the callback finds the item with one read; only its hash is
 * stored, and the verifier is sealed, so the table alone cannot complete someone's attempt.
 */
export async function createAttempt(input: {
  workspaceId: string;
  network: string;
  server?: string;
  returnTo?: string;
  accountId?: string;
  startedBy: StartedBy;
}): Promise<{ attemptId: string; state: string; codeVerifier: string; expiresAt: string }> {
  const attemptId = newId("con");
  const request = newAuthorizationRequest();
  // The stage leads, so the shared OAuth relay (./relay.ts) knows whose callback it is.
  const state = `${stateStagePrefix()}${attemptId}.${request.state}`;
  const expiresAt = Math.floor(Date.now() / 1000) + attemptLifetimeSeconds;
  const sealedVerifier = await usePorts().vault.seal(
    request.codeVerifier,
    context({ workspaceId: input.workspaceId, attemptId }),
  );
  await db()
    .entities.connectAttempt.create({
      attemptId,
      workspaceId: input.workspaceId,
      network: input.network,
      server: input.server,
      returnTo: input.returnTo,
      accountId: input.accountId,
      stateHash: sha256(state),
      sealedVerifier,
      startedBy: input.startedBy,
      expiresAt,
    })
    .go();
  return {
    attemptId,
    state,
    codeVerifier: request.codeVerifier,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}

/** The attempt a callback's state names, if the state is exactly the one issued for it. */
export async function attemptForState(
  state: string | null,
): Promise<{ item?: ConnectAttemptItem; problem?: "state_mismatch" | "attempt_expired" }> {
  const attemptId = parseState(state)?.attemptId;
  if (!state || !attemptId) return { problem: "state_mismatch" };
  const item = await loadAttempt(attemptId);
  if (!item) return { problem: "attempt_expired" };
  const expected = Buffer.from(item.stateHash);
  const given = Buffer.from(sha256(state));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { problem: "state_mismatch" };
  }
  return { item };
}

/** The attempt by id, unless it has expired (TTL deletion lags, so expiry is checked here too). */
export async function loadAttempt(attemptId: string): Promise<ConnectAttemptItem | undefined> {
  const item = (await db().entities.connectAttempt.get({ attemptId }).go()).data;
  if (!item || item.expiresAt * 1000 < Date.now()) return undefined;
  return item;
}

/** pending → exchanging, once: a replayed callback finds the attempt already taken. */
export async function claimAttempt(item: ConnectAttemptItem): Promise<boolean> {
  return db()
    .entities.connectAttempt.patch({ attemptId: item.attemptId })
    .set({ status: "exchanging" })
    .where((attr, op) => op.eq(attr.status, "pending"))
    .go()
    .then(() => true)
    .catch(() => false);
}

export function openVerifier(item: ConnectAttemptItem): Promise<string> {
  return usePorts().vault.open(item.sealedVerifier, context(item));
}

/** Keeps the (sealed) tokens on the attempt while the person picks what to connect. */
export async function holdForPicking(
  item: ConnectAttemptItem,
  choices: Choices,
  tokens: HeldTokens,
): Promise<void> {
  const sealedTokens = await usePorts().vault.seal(JSON.stringify(tokens), context(item));
  await db()
    .entities.connectAttempt.patch({ attemptId: item.attemptId })
    .set({
      status: "picking",
      choices,
      sealedTokens,
      expiresAt: Math.floor(Date.now() / 1000) + attemptLifetimeSeconds,
    })
    .go();
}

export async function heldTokens(item: ConnectAttemptItem): Promise<HeldTokens> {
  if (!item.sealedTokens) throw new Error("the attempt holds no tokens");
  return JSON.parse(await usePorts().vault.open(item.sealedTokens, context(item))) as HeldTokens;
}

/** An attempt is used once: done, failed or picked, it goes. */
export async function endAttempt(attemptId: string): Promise<void> {
  await db().entities.connectAttempt.delete({ attemptId }).go();
}
