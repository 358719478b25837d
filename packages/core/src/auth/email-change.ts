import { errors, jwtVerify, SignJWT } from "jose";
import { Resource } from "sst";
import * as z from "zod";
import { useUser } from "../actor/index.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { logInfo } from "../log/index.ts";
import { reserveMail, sendMail } from "../mail/index.ts";
import { Site } from "../site/index.ts";
import "../util/zod.ts";
import { Email } from "./fields.ts";
import { verifyPassword } from "./password.ts";
import { copyToMemberships } from "./profile.ts";
import { Throttles } from "./throttles.ts";

const validHours = 24;
// Its own audience: an access token can never pass as a change link, nor the reverse.
const audience = "cadence-email-change";
const issuer = "cadence";

function key(): Uint8Array {
  return new TextEncoder().encode(Resource.AuthSecret.value);
}

export const EmailChangeInput = z.object({
  newEmail: Email,
  currentPassword: z.string().min(1, "enter your current password").max(200),
  /** The site's confirmation page; the mailed link is this page with the token added. */
  confirmUrl: z.url().max(2048).optional(),
  sourceAddress: z.string().max(64).optional(),
});

/**
 * Mails a link to the new address; the email changes only when it is opened, so a typo cannot
 * lock anyone out. The link is signed and names the old address too: once the change is made
 * (or the email changed another way) it no longer matches, so it works once. The current
 * password is asked, with the sign-in limits, so an unattended browser cannot move the account.
 */
export async function requestEmailChange(input: z.infer<typeof EmailChangeInput>): Promise<void> {
  const confirmPage = Site.checkLink(input.confirmUrl, "confirmUrl");
  const actor = useUser();
  const user = (await db().entities.user.get({ userId: actor.userId }).go()).data;
  if (!user) throw new VisibleError("session_ended", "This account no longer exists.");
  await Throttles.beforeSignIn(user.email, input.sourceAddress);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new VisibleError(
      "wrong_current_password",
      "Your current password is not right. Enter it again, or reset your password from the sign-in page.",
      "currentPassword",
    );
  }
  await Throttles.afterSignIn(user.email, input.sourceAddress);
  if (input.newEmail === user.email) {
    throw new VisibleError("same_email", "That is the email you sign in with now.", "newEmail");
  }
  await reserveMail(input.newEmail);
  const token = await new SignJWT({ from: user.email, to: input.newEmail })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.userId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${validHours}h`)
    .sign(key());
  await sendMail({
    allowanceTaken: true,
    to: input.newEmail,
    subject: "Confirm your new email for Cadence",
    text: [
      `${user.name}, you asked to sign in to Cadence with this address instead of ${user.email}.`,
      confirmPage
        ? `Confirm it: ${Site.withToken(confirmPage, token)}`
        : `Your confirmation token: ${token}`,
      `The link works for ${validHours} hours. If you did not ask for this, ignore this email.`,
    ].join("\n"),
  });
}

export const EmailConfirmInput = z.object({ token: z.string().min(20).max(2000) });

const linkInvalid = () =>
  new VisibleError(
    "email_change_link_invalid",
    "This link was used already, has expired, or the email changed since. Ask for a new link from your account page.",
    "token",
  );

/**
 * Moves the account to the new address in one transaction: the new address claimed (it must be
 * free), the old one released (it must still be this person's), the user's email changed (it
 * must still be the old one). Answers the new email.
 */
export async function confirmEmailChange(
  input: z.infer<typeof EmailConfirmInput>,
): Promise<{ email: string }> {
  let claims: { sub: string; from: string; to: string };
  try {
    const { payload } = await jwtVerify(input.token, key(), {
      issuer,
      audience,
      algorithms: ["HS256"],
    });
    if (
      typeof payload.sub !== "string" ||
      typeof payload.from !== "string" ||
      typeof payload.to !== "string"
    ) {
      throw linkInvalid();
    }
    claims = { sub: payload.sub, from: payload.from, to: payload.to };
  } catch (error) {
    if (error instanceof errors.JOSEError) throw linkInvalid();
    throw error;
  }
  const { sub: userId, from, to } = claims;
  const result = await db()
    .transaction.write(({ user, userEmail }) => [
      userEmail.create({ email: to, userId }).commit(),
      userEmail
        .delete({ email: from })
        .where((attr, op) => op.eq(attr.userId, userId))
        .commit(),
      user
        .patch({ userId })
        .set({ email: to })
        .where((attr, op) => op.eq(attr.email, from))
        .commit(),
    ])
    .go();
  if (result.canceled) {
    // Which condition failed tells the holder of the link nothing they could not learn: either
    // the address has an account now, or this link is spent.
    const taken = (await db().entities.userEmail.get({ email: to }).go()).data;
    if (taken && taken.userId !== userId) {
      throw new VisibleError(
        "email_taken",
        "This email belongs to another Cadence account now. Choose another address.",
        "token",
      );
    }
    throw linkInvalid();
  }
  await copyToMemberships(userId, { email: to });
  logInfo("email changed", { userId });
  return { email: to };
}
