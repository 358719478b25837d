import { NetworkError, networkIds } from "@cadence/networks";
import * as z from "zod";
import { Account } from "../account/index.ts";
import { assertRole, useActor, useWorkspace } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import { VisibleError } from "../error/index.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";
import { connectAdapter, isFederated } from "./adapter.ts";
import { createAttempt, endAttempt, heldTokens, loadAttempt, startedByOf } from "./attempt.ts";
import { type CallbackOutcome, completeCallback } from "./callback.ts";
import { disconnectAccount, HeldPost, postsToHold } from "./disconnect.ts";
import { link, linkableProfile, linkableSubAccount } from "./link.ts";
import { callbackErrors, checkReturnTo, withOutcome } from "./return-to.ts";

export { type CallbackOutcome, callbackErrors, withOutcome };

/**
 * Connecting social accounts: OAuth through the network's authorize page and back to the public
 * callback, Bluesky's app passwords directly, the pick of pages and channels, reconnecting an
 * account in place, and disconnecting. Tokens never leave this module except sealed.
 */
export namespace Connect {
  const Server = z
    .string()
    .min(1)
    .max(300)
    .describe("Mastodon: the server's address, e.g. mastodon.social");
  const ReturnTo = z
    .string()
    .max(2000)
    .describe("An address on the Cadence site to send the browser back to after the network");

  export const StartInput = z.object({
    network: z.enum(networkIds),
    server: Server.optional(),
    returnTo: ReturnTo.optional(),
    identifier: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe("Bluesky: the handle or email to sign in with"),
    appPassword: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe("Bluesky: an app password (Settings → App passwords); it is not stored"),
  });

  export const Started = z.object({
    attemptId: z.string().optional(),
    authorizationUrl: z
      .string()
      .optional()
      .describe("OAuth networks: send the browser here; it comes back through the callback"),
    expiresAt: z.string().optional(),
    account: Account.Info.optional().describe("App-password networks: the connected account"),
  });
  export type Started = z.infer<typeof Started>;

  /** Starts connecting a new account (admin or owner). */
  export const start = fn(StartInput, async (input) => {
    assertRole("admin");
    return begin(input);
  });

  export const ReconnectInput = StartInput.omit({ network: true }).extend({
    accountId: z.string().min(1),
  });

  /** Connects an existing account again (after `reconnect_needed`, or a disconnect). */
  export const reconnect = fn(ReconnectInput, async ({ accountId, ...input }) => {
    assertRole("admin");
    const account = await Account.load(accountId);
    const server =
      input.server ??
      (await Credential.read(account.workspaceId, accountId)
        .then((stored) => stored.tokens.context?.server)
        .catch(() => undefined));
    return begin({ ...input, server, network: account.network as never }, account);
  });

  async function begin(
    input: z.output<typeof StartInput>,
    account?: Awaited<ReturnType<typeof Account.load>>,
  ): Promise<Started> {
    const workspaceId = useWorkspace();
    const returnTo = checkReturnTo(input.returnTo);
    const adapter = connectAdapter(input.network);
    const connect = adapter.connect;
    if (connect.method === "app_password") {
      const { identifier, appPassword } = input;
      if (!identifier || !appPassword) {
        throw new VisibleError(
          "app_password_required",
          `${adapter.displayName} connects with your handle and an app password: send identifier and appPassword.`,
          identifier ? "appPassword" : "identifier",
        );
      }
      // The app password is used once, here; only the session it opens is stored.
      const tokens = await visible(() =>
        connect.signIn({ identifier, password: appPassword, server: input.server }),
      );
      const profile = await visible(() => adapter.profile(tokens));
      if (account && account.externalId !== profile.externalId) {
        await connect.revoke?.(tokens).catch(() => undefined);
        throw new VisibleError("wrong_account", undefined, "identifier");
      }
      return { account: await link(linkableProfile(input.network, profile, tokens)) };
    }
    if (isFederated(input.network) && !input.server) {
      throw new VisibleError(
        "server_required",
        "Type the address of the Mastodon server the account is on, e.g. mastodon.social.",
        "server",
      );
    }
    const attempt = await createAttempt({
      workspaceId,
      network: input.network,
      server: input.server,
      returnTo,
      accountId: account?.accountId,
      startedBy: startedByOf(useActor()),
    });
    const url = await visible(() =>
      connect.authorizationUrl({
        state: attempt.state,
        codeVerifier: attempt.codeVerifier,
        server: input.server,
      }),
    ).catch(async (error: unknown) => {
      await endAttempt(attempt.attemptId);
      throw error;
    });
    return {
      attemptId: attempt.attemptId,
      authorizationUrl: url.href,
      expiresAt: attempt.expiresAt,
    };
  }

  /** The public callback's work; see callback.ts. */
  export const callback = completeCallback;

  export const Pending = z.object({
    attemptId: z.string(),
    network: z.string(),
    status: z.enum(["pending", "exchanging", "picking"]),
    expiresAt: z.string(),
    profile: z
      .object({
        externalId: z.string(),
        handle: z.string(),
        displayName: z.string(),
        avatarUrl: z.string().optional(),
      })
      .nullable(),
    subAccounts: z.array(z.object({ externalId: z.string(), kind: z.string(), name: z.string() })),
  });
  export type Pending = z.infer<typeof Pending>;

  async function attemptHere(attemptId: string) {
    const item = await loadAttempt(attemptId);
    if (!item || item.workspaceId !== useWorkspace()) {
      throw new VisibleError(
        "connection_not_found",
        "There is no such connection in progress here (they expire after 10 minutes). Connect again.",
      );
    }
    return item;
  }

  /** Where an attempt stands and, once authorized, the pages or channels to pick from. */
  export async function pending(attemptId: string): Promise<Pending> {
    assertRole("admin");
    const item = await attemptHere(attemptId);
    const choices = item.choices as
      | { profile: Pending["profile"]; subAccounts: Pending["subAccounts"] }
      | undefined;
    return {
      attemptId: item.attemptId,
      network: item.network,
      status: item.status,
      expiresAt: new Date(item.expiresAt * 1000).toISOString(),
      profile: choices?.profile ?? null,
      subAccounts: choices?.subAccounts ?? [],
    };
  }

  export const PickInput = z.object({
    attemptId: z.string().min(1),
    externalIds: z.array(z.string().min(1).max(200)).min(1).max(50),
  });

  /** Connects the picked pages or channels, one account each, with their own tokens if any. */
  export const pick = fn(PickInput, async (input) => {
    assertRole("admin");
    const item = await attemptHere(input.attemptId);
    const choices = item.choices as
      | { profile: { externalId: string }; subAccounts: Pending["subAccounts"] }
      | undefined;
    if (item.status !== "picking" || !choices) {
      throw new VisibleError(
        "connection_not_ready",
        "The network has not confirmed this connection yet. Finish authorizing, then pick.",
      );
    }
    const offered = new Map(choices.subAccounts.map((sub) => [sub.externalId, sub]));
    const unknown = input.externalIds.find((id) => !offered.has(id));
    if (unknown !== undefined) {
      throw new VisibleError(
        "sub_account_not_offered",
        `${unknown} is not one of the pages or channels this login can post to.`,
        "externalIds",
      );
    }
    const tokens = await heldTokens(item);
    const accounts: Account.Info[] = [];
    for (const externalId of new Set(input.externalIds)) {
      const sub = offered.get(externalId);
      if (!sub) continue;
      const own = tokens.subAccounts[externalId] ?? tokens.profile;
      accounts.push(await link(linkableSubAccount(item.network, choices.profile, sub, own)));
    }
    await endAttempt(item.attemptId);
    return accounts;
  });

  export const DisconnectInput = z.object({ accountId: z.string().min(1) });

  export const DisconnectPreview = z.object({ held: z.array(HeldPost) });

  /** The posts a disconnect would hold, so the person sees them before confirming. */
  export const disconnectPreview = fn(DisconnectInput, async ({ accountId }) => {
    assertRole("admin");
    return { held: await postsToHold(accountId) };
  });

  /** Revokes, forgets the tokens, holds what was scheduled; keeps the account for history. */
  export const disconnect = fn(DisconnectInput, async ({ accountId }) => {
    assertRole("admin");
    const result = await disconnectAccount(accountId, {
      revoke: true,
      reason:
        "Its account was disconnected. Reconnect the account and this post is scheduled again.",
      deleteIfUnused: true,
    });
    return { status: result };
  });
}

/** A network's refusal during connecting becomes an error the API shows; no retries here. */
async function visible<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    if (error.kind === "transient") {
      throw new VisibleError("network_unavailable", error.userMessage, undefined, {
        ...(error.retryAfterMs ? { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) } : {}),
      });
    }
    throw new VisibleError(
      error.code === "invalid_server" ? "invalid_server" : "network_refused",
      error.userMessage,
      error.code === "invalid_server" ? "server" : undefined,
    );
  }
}
