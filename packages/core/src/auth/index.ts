import * as z from "zod";
import { type Actor, useUser } from "../actor/index.ts";
import type { UserItem } from "../db/entities/user.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";
import * as emailChange from "./email-change.ts";
import * as fields from "./fields.ts";
import { decoyHash, hashPassword, verifyPassword } from "./password.ts";
import * as profile from "./profile.ts";
import * as reset from "./reset.ts";
import { Sessions } from "./sessions.ts";
import * as signUpFlow from "./sign-up.ts";
import { Throttles } from "./throttles.ts";
import * as tokens from "./tokens.ts";
import { accessTokenTtlSeconds, signAccessToken, verifyAccessToken } from "./tokens.ts";

export namespace Auth {
  /** How long a refresh token (and its cookie) lives. */
  export const refreshTokenTtlSeconds = tokens.refreshTokenTtlSeconds;
  export const Email = fields.Email;
  export const Password = fields.Password;

  /**
   * What a sign-in hands out. The API sends the access token in the body and the refresh token
   * only as an HttpOnly cookie, so page scripts never hold it.
   */
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

  export const SignUpInput = signUpFlow.SignUpInput;
  export const SignUpConfirmInput = signUpFlow.ConfirmInput;

  /** Mails a confirmation link (or, to a registered address, a note); answers the same either way. */
  export const signUp = fn(SignUpInput, signUpFlow.requestSignUp);

  /** Creates the account from the mailed link and signs its owner in. */
  export const confirmSignUpLink = fn(
    SignUpConfirmInput.extend({ userAgent: z.string().max(500).optional() }),
    async (input) => {
      const { userId, workspaceId } = await signUpFlow.confirmSignUp(input);
      const user = await getUser(userId);
      const session = await Sessions.start(userId, input.userAgent);
      return { tokens: await issue(user, session.sessionId, session.refreshToken), workspaceId };
    },
  );

  export const SignInInput = z.object({
    email: Email,
    password: z.string().min(1, "enter your password").max(200),
    userAgent: z.string().max(500).optional(),
    sourceAddress: z.string().max(64).optional(),
  });

  export const signIn = fn(SignInInput, async (input) => {
    // Counted before the password is looked at: parallel guesses cannot outrun the limit.
    await Throttles.beforeSignIn(input.email, input.sourceAddress);
    const owner = await db().entities.userEmail.get({ email: input.email }).go();
    const user = owner.data ? await getUser(owner.data.userId) : undefined;
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid) {
      throw new VisibleError(
        "invalid_credentials",
        "The email or password is not right. Check both, or reset your password.",
      );
    }
    await Throttles.afterSignIn(input.email, input.sourceAddress);
    const session = await Sessions.start(user.userId, input.userAgent);
    return issue(user, session.sessionId, session.refreshToken);
  });

  export const RefreshInput = z.object({ refreshToken: z.string().min(1).max(500) });

  export const refresh = fn(RefreshInput, async (input) => {
    const rotated = await Sessions.rotate(input.refreshToken);
    const user = await getUser(rotated.userId);
    return issue(user, rotated.sessionId, rotated.refreshToken);
  });

  /** Ends the current session: its refresh family and, at once, its access tokens. */
  export async function signOut(): Promise<void> {
    const actor = useUser();
    await Sessions.revoke(actor.sessionId, "signed_out");
  }

  /** Ends every session of the user: refresh families revoked, access tokens invalidated. */
  export async function signOutEverywhere(): Promise<void> {
    const actor = useUser();
    await invalidateAll(actor.userId, "signed_out_everywhere");
  }

  /** Ends every other session of the person (a lost phone, a shared computer); this one stays. */
  export async function signOutOthers(): Promise<void> {
    const actor = useUser();
    await Sessions.revokeAll(actor.userId, "signed_out_elsewhere", actor.sessionId);
  }

  async function invalidateAll(
    userId: string,
    reason: "signed_out_everywhere" | "password_reset",
  ): Promise<void> {
    // Revoking every session also stops their access tokens (authenticate reads the session).
    await Sessions.revokeAll(userId, reason);
  }

  export const ProfileInput = profile.ProfileInput;
  export const PasswordChangeInput = profile.PasswordChangeInput;

  /** The signed-in person's name and zone. */
  export const updateProfile = fn(ProfileInput, profile.updateProfile);

  /** A new password, given the current one; every other session of the person ends. */
  export const changePassword = fn(PasswordChangeInput, profile.changePassword);

  export const EmailChangeInput = emailChange.EmailChangeInput;
  export const EmailConfirmInput = emailChange.EmailConfirmInput;

  /** Mails a confirmation link to the new address; nothing changes until it is opened. */
  export const requestEmailChange = fn(EmailChangeInput, emailChange.requestEmailChange);

  /** Moves the account to the address the link was mailed to. */
  export const confirmEmailChange = fn(EmailConfirmInput, emailChange.confirmEmailChange);

  export const ResetRequestInput = reset.ResetRequestInput;
  export const ResetInput = reset.ResetInput;

  /** Mails a reset code; answers the same whether or not the email has an account. */
  export const requestPasswordReset = fn(ResetRequestInput, reset.requestReset);

  export const resetPassword = fn(ResetInput, async (input) => {
    const userId = await reset.confirmReset(input);
    await db()
      .entities.user.patch({ userId })
      .set({ passwordHash: await hashPassword(input.newPassword) })
      .go();
    await invalidateAll(userId, "password_reset");
  });

  /**
   * Turns a bearer access token into a user actor (workspace scope is added per route). The one
   * read is the token's session (it replaced the user read, so the check costs nothing extra):
   * a session signed out, or revoked for refresh-token reuse, stops its access tokens at once.
   */
  export async function authenticate(
    accessToken: string,
  ): Promise<Extract<Actor, { type: "user" }>> {
    const claims = await verifyAccessToken(accessToken);
    const session = await Sessions.current(claims.sessionId);
    if (!session || session.userId !== claims.userId) {
      throw new VisibleError("session_ended", "This session was signed out. Sign in again.");
    }
    return {
      type: "user",
      userId: claims.userId,
      email: claims.email,
      sessionId: claims.sessionId,
    };
  }

  export async function getUser(userId: string): Promise<UserItem> {
    const user = await db().entities.user.get({ userId }).go();
    if (!user.data) {
      throw new VisibleError("session_ended", "This account no longer exists.");
    }
    return user.data;
  }
}
