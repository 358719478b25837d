import { randomInt } from "node:crypto";
import { type Actor, useUser } from "../actor/index.ts";
import type { UserItem } from "../db/entities/user.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logInfo } from "../log/index.ts";
import { sendMail } from "../mail/index.ts";
import { fn } from "../util/fn.ts";
import { newId, sha256 } from "../util/id.ts";
import { z } from "../util/zod.ts";
import { decoyHash, hashPassword, verifyPassword } from "./password.ts";
import { Sessions } from "./sessions.ts";
import { SignInGuard } from "./sign-in-guard.ts";
import { accessTokenTtlSeconds, signAccessToken, verifyAccessToken } from "./tokens.ts";

export namespace Auth {
  export const Email = z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email({ message: "enter a valid email address" }));
  export const Password = z
    .string()
    .min(10, "use at least 10 characters")
    .max(200, "use at most 200 characters");

  export type Tokens = {
    accessToken: string;
    refreshToken: string;
    tokenType: "Bearer";
    expiresIn: number;
    user: { id: string; email: string; name: string };
  };

  async function issue(user: UserItem, sessionId: string, refreshToken: string): Promise<Tokens> {
    const accessToken = await signAccessToken({
      userId: user.userId,
      email: user.email,
      sessionId,
      tokenVersion: user.tokenVersion,
    });
    return {
      accessToken,
      refreshToken,
      tokenType: "Bearer",
      expiresIn: accessTokenTtlSeconds,
      user: { id: user.userId, email: user.email, name: user.name },
    };
  }

  export const SignUpInput = z.object({
    email: Email,
    password: Password,
    name: z.string().trim().min(1, "enter your name").max(100),
    userAgent: z.string().max(500).optional(),
  });

  /** Creates the user and their personal workspace (as owner) in one transaction. */
  export const signUp = fn(SignUpInput, async (input) => {
    const userId = newId("usr");
    const workspaceId = newId("ws");
    const passwordHash = await hashPassword(input.password);
    const service = db();
    const result = await service.transaction
      .write(({ user, userEmail, workspace, member }) => [
        userEmail.create({ email: input.email, userId }).commit(),
        user.create({ userId, email: input.email, name: input.name, passwordHash }).commit(),
        workspace
          .create({ workspaceId, name: `${input.name}'s workspace`, personal: true })
          .commit(),
        member
          .create({ workspaceId, userId, email: input.email, name: input.name, role: "owner" })
          .commit(),
      ])
      .go();
    // The only condition in the transaction is the email's uniqueness.
    if (result.canceled) {
      throw new VisibleError(
        "conflict",
        "email_taken",
        "An account with this email already exists. Sign in, or reset the password if you forgot it.",
        "email",
      );
    }
    const user = await getUser(userId);
    const session = await Sessions.start(userId, input.userAgent);
    logInfo("user signed up", { userId, workspaceId });
    return { tokens: await issue(user, session.sessionId, session.refreshToken), workspaceId };
  });

  export const SignInInput = z.object({
    email: Email,
    password: z.string().min(1, "enter your password").max(200),
    userAgent: z.string().max(500).optional(),
  });

  export const signIn = fn(SignInInput, async (input) => {
    await SignInGuard.assertAllowed(input.email);
    const owner = await db().entities.userEmail.get({ email: input.email }).go();
    const user = owner.data ? await getUser(owner.data.userId) : undefined;
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid) {
      await SignInGuard.recordFailure(input.email);
      throw new VisibleError(
        "unauthenticated",
        "invalid_credentials",
        "The email or password is not right. Check both, or reset your password.",
      );
    }
    await SignInGuard.clear(input.email);
    const session = await Sessions.start(user.userId, input.userAgent);
    return issue(user, session.sessionId, session.refreshToken);
  });

  export const RefreshInput = z.object({ refreshToken: z.string().min(1).max(500) });

  export const refresh = fn(RefreshInput, async (input) => {
    const rotated = await Sessions.rotate(input.refreshToken);
    const user = await getUser(rotated.userId);
    return issue(user, rotated.sessionId, rotated.refreshToken);
  });

  /** Ends the current session (its refresh family). */
  export async function signOut(): Promise<void> {
    const actor = useUser();
    await Sessions.revoke(actor.sessionId, "signed_out");
  }

  /** Ends every session of the user: refresh families revoked, access tokens invalidated. */
  export async function signOutEverywhere(): Promise<void> {
    const actor = useUser();
    await invalidateAll(actor.userId, "signed_out_everywhere");
  }

  async function invalidateAll(
    userId: string,
    reason: "signed_out_everywhere" | "password_reset",
  ): Promise<void> {
    await db().entities.user.patch({ userId }).add({ tokenVersion: 1 }).go();
    await Sessions.revokeAll(userId, reason);
  }

  export const ResetRequestInput = z.object({ email: Email });

  /**
   * Emails a 6-digit code valid for 15 minutes. Answers the same whether or not the email has an
   * account, so the endpoint cannot be used to find out who is a customer.
   */
  export const requestPasswordReset = fn(ResetRequestInput, async (input) => {
    const owner = await db().entities.userEmail.get({ email: input.email }).go();
    if (!owner.data) return;
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const validUntil = new Date(Date.now() + 15 * 60_000);
    await db()
      .entities.resetCode.put({
        userId: owner.data.userId,
        codeHash: sha256(`${owner.data.userId}:${code}`),
        attemptsLeft: 5,
        validUntil: validUntil.toISOString(),
        expiresAt: Math.floor(validUntil.getTime() / 1000),
      })
      .go();
    await sendMail({
      to: input.email,
      subject: "Your Cadence password reset code",
      text: `Your code is ${code}. It works for 15 minutes. If you did not ask for it, ignore this email.`,
    });
  });

  export const ResetInput = z.object({
    email: Email,
    code: z.string().regex(/^\d{6}$/, "enter the 6-digit code from the email"),
    newPassword: Password,
  });

  export const resetPassword = fn(ResetInput, async (input) => {
    const wrong = new VisibleError(
      "input",
      "invalid_reset_code",
      "That code is wrong or has expired. Ask for a new code.",
      "code",
    );
    const owner = await db().entities.userEmail.get({ email: input.email }).go();
    if (!owner.data) throw wrong;
    const userId = owner.data.userId;
    const stored = await db().entities.resetCode.get({ userId }).go();
    if (!stored.data || stored.data.validUntil < new Date().toISOString()) throw wrong;
    if (stored.data.codeHash !== sha256(`${userId}:${input.code}`)) {
      // Each wrong guess spends an attempt; the code dies with the last one.
      if (stored.data.attemptsLeft <= 1) await db().entities.resetCode.delete({ userId }).go();
      else await db().entities.resetCode.patch({ userId }).subtract({ attemptsLeft: 1 }).go();
      throw wrong;
    }
    await db().entities.resetCode.delete({ userId }).go();
    await db()
      .entities.user.patch({ userId })
      .set({ passwordHash: await hashPassword(input.newPassword) })
      .go();
    await invalidateAll(userId, "password_reset");
  });

  /** Turns a bearer access token into a user actor (workspace scope is added per route). */
  export async function authenticate(
    accessToken: string,
  ): Promise<Extract<Actor, { type: "user" }>> {
    const claims = await verifyAccessToken(accessToken);
    const user = await db().entities.user.get({ userId: claims.userId }).go();
    if (!user.data || user.data.tokenVersion !== claims.tokenVersion) {
      throw new VisibleError(
        "unauthenticated",
        "session_ended",
        "This session was signed out. Sign in again.",
      );
    }
    return {
      type: "user",
      userId: claims.userId,
      email: user.data.email,
      sessionId: claims.sessionId,
    };
  }

  export async function getUser(userId: string): Promise<UserItem> {
    const user = await db().entities.user.get({ userId }).go();
    if (!user.data) {
      throw new VisibleError("unauthenticated", "session_ended", "This account no longer exists.");
    }
    return user.data;
  }
}
