import {
  type Network,
  NetworkError,
  type Profile,
  readCallback,
  type TokenSet,
} from "@cadence/networks";
import { type Actor, hasRole, withActor } from "../actor/index.ts";
import type { ConnectAttemptItem } from "../db/entities/connect-attempt.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logInfo, logWarn } from "../log/index.ts";
import { Member } from "../member/index.ts";
import { webUrl } from "../util/web-url.ts";
import { connectAdapter, supportsConnecting } from "./adapter.ts";
import {
  attemptForState,
  claimAttempt,
  endAttempt,
  holdForPicking,
  openVerifier,
  type StartedBy,
} from "./attempt.ts";
import { type Linkable, link, linkableProfile, linkableSubAccount } from "./link.ts";
import type { CallbackError } from "./return-to.ts";

/** How a callback ended, for the route to turn into a redirect to the site. */
export type CallbackOutcome = { returnTo?: string } & (
  | { kind: "connected"; accountId: string }
  | { kind: "pick"; attemptId: string }
  | { kind: "error"; code: CallbackError }
);

/**
 * The network sends the browser back here with a code and the state. The state finds the
 * attempt (and proves it is the one Cadence issued); the code is exchanged once, with the
 * attempt's PKCE verifier; the profile says who connected. One account is connected at once,
 * or, when the login has pages or channels, the tokens wait sealed on the attempt for a pick.
 */
export async function completeCallback(
  network: string,
  params: URLSearchParams,
): Promise<CallbackOutcome> {
  if (!supportsConnecting(network)) {
    throw new VisibleError("network_not_supported", `Cadence does not connect ${network}.`);
  }
  const found = await attemptForState(params.get("state"));
  const item = found.item;
  if (!item || item.network !== network) {
    logWarn("connect callback refused", { network, reason: found.problem ?? "state_mismatch" });
    return { kind: "error", code: found.problem ?? "state_mismatch" };
  }
  const returnTo = item.returnTo;
  if (!(await claimAttempt(item))) return { returnTo, kind: "error", code: "attempt_expired" };
  try {
    return { returnTo, ...(await exchange(item, params)) };
  } catch (error) {
    const code = errorCode(error);
    logWarn("connect callback failed", {
      workspaceId: item.workspaceId,
      attemptId: item.attemptId,
      network,
      code,
      // Network errors carry the network's words, never a token or the code from the URL.
      error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
    });
    await endAttempt(item.attemptId);
    return { returnTo, kind: "error", code };
  }
}

type Outcome = { kind: "connected"; accountId: string } | { kind: "pick"; attemptId: string };

async function exchange(item: ConnectAttemptItem, params: URLSearchParams): Promise<Outcome> {
  const adapter = connectAdapter(item.network);
  if (adapter.connect.method !== "oauth") throw new Error("not an OAuth network");
  // The state was checked against its stored hash; this reads the code or the network's error.
  const code = readCallback(adapter, params, params.get("state") ?? "");
  const tokens = await adapter.connect.exchangeCode({
    code,
    codeVerifier: await openVerifier(item),
    server: item.server,
  });
  const profile = await adapter.profile(tokens);
  const actor = await actorOf(item);
  return withActor(actor, async () => {
    if (item.accountId) {
      const account = await link(await reconnecting(item, adapter, profile, tokens));
      await endAttempt(item.attemptId);
      return { kind: "connected", accountId: account.id };
    }
    const subAccounts = profile.subAccounts ?? [];
    if (subAccounts.length > 0) {
      await holdForPicking(
        item,
        {
          profile: {
            externalId: profile.externalId,
            handle: profile.handle,
            displayName: profile.displayName,
            avatarUrl: webUrl(profile.avatarUrl),
          },
          subAccounts: subAccounts.map(({ externalId, kind, name }) => ({
            externalId,
            kind,
            name,
          })),
        },
        {
          profile: tokens,
          subAccounts: Object.fromEntries(
            subAccounts.flatMap((sub) => (sub.tokens ? [[sub.externalId, sub.tokens]] : [])),
          ),
        },
      );
      logInfo("connect waits for a pick", {
        workspaceId: item.workspaceId,
        attemptId: item.attemptId,
        choices: subAccounts.length,
      });
      return { kind: "pick", attemptId: item.attemptId };
    }
    const account = await link(linkableProfile(item.network, profile, tokens));
    await endAttempt(item.attemptId);
    return { kind: "connected", accountId: account.id };
  });
}

/** A reconnect must come back as the same account: the profile itself, or one of its pages. */
async function reconnecting(
  item: ConnectAttemptItem,
  adapter: Network,
  profile: Profile,
  tokens: TokenSet,
): Promise<Linkable> {
  const account = (
    await db()
      .entities.account.get({ workspaceId: item.workspaceId, accountId: item.accountId ?? "" })
      .go()
  ).data;
  if (!account) throw new CallbackFailure("attempt_expired");
  if (account.externalId === profile.externalId) {
    return linkableProfile(adapter.id, profile, tokens);
  }
  const sub = profile.subAccounts?.find((s) => s.externalId === account.externalId);
  if (!sub) throw new CallbackFailure("wrong_account");
  return linkableSubAccount(adapter.id, profile, sub, sub.tokens ?? tokens);
}

/** The person (or key) who started the attempt, if they may still connect accounts here. */
async function actorOf(item: ConnectAttemptItem): Promise<Actor> {
  const startedBy = item.startedBy as StartedBy;
  let actor: Actor;
  if (startedBy.type === "user") {
    const person: Extract<Actor, { type: "user" }> = { ...startedBy };
    const scope = await Member.scope(person, item.workspaceId).catch(() => undefined);
    if (!scope) throw new CallbackFailure("role_required");
    actor = { ...person, workspace: scope };
  } else {
    const key = (await db().entities.apiKey.get({ keyId: startedBy.keyId }).go()).data;
    if (!key || key.revokedAt || key.workspaceId !== item.workspaceId) {
      throw new CallbackFailure("role_required");
    }
    actor = {
      type: "apikey",
      keyId: key.keyId,
      workspace: { workspaceId: key.workspaceId, role: key.role },
    };
  }
  if (!actor.workspace || !("role" in actor.workspace) || !hasRole(actor.workspace.role, "admin")) {
    throw new CallbackFailure("role_required");
  }
  return actor;
}

class CallbackFailure extends Error {
  constructor(readonly code: CallbackError) {
    super(code);
  }
}

function errorCode(error: unknown): CallbackError {
  if (error instanceof CallbackFailure) return error.code;
  if (error instanceof NetworkError) {
    if (error.operation === "connect" && error.code === "access_denied") return "cancelled";
    if (error.code === "invalid_callback") return "state_mismatch";
    return error.kind === "transient" ? "network_unavailable" : "network_refused";
  }
  return "network_unavailable";
}
