import * as z from "zod";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Limit } from "../limit/index.ts";
import { logInfo } from "../log/index.ts";
import { reserveMail, sendMail } from "../mail/index.ts";
import { Site } from "../site/index.ts";
import { newId, newSecret, sha256 } from "../util/id.ts";
import "../util/zod.ts";
import { TimeZone } from "../util/zone.ts";
import { Email, Password } from "./fields.ts";
import { hashPassword } from "./password.ts";
import { Throttles } from "./throttles.ts";

const validHours = 24;

export const SignUpInput = z.object({
  email: Email,
  password: Password,
  name: z.string().trim().min(1, "enter your name").max(100),
  /** The site's confirmation page; the mailed link is this page with the token added. */
  confirmUrl: z.url().max(2048).optional(),
  sourceAddress: z.string().max(64).optional(),
  /** The browser's IANA zone, so a new workspace schedules in the person's own time. */
  timeZone: TimeZone.optional(),
});

/**
 * Sign-up answers the same whether or not the email has an account, so it cannot be used to
 * learn who is a customer. A new address gets a link that creates the account; the owner of a
 * registered address is told by mail that someone tried, and how to sign in or reset instead.
 */
export async function requestSignUp(input: z.infer<typeof SignUpInput>): Promise<void> {
  const confirmPage = Site.checkLink(input.confirmUrl, "confirmUrl");
  await Throttles.beforeSignUp(input.sourceAddress);
  await reserveMail(input.email);
  // Hashed whether or not the address is known, so timing tells nothing either.
  const passwordHash = await hashPassword(input.password);
  const existing = await db().entities.userEmail.get({ email: input.email }).go();
  if (existing.data) {
    await sendMail({
      allowanceTaken: true,
      to: input.email,
      subject: "You already have a Cadence account",
      text: [
        "Someone (maybe you) tried to create a Cadence account with this email, which already has one.",
        "Sign in with it, or reset the password if you forgot it. If it was not you, ignore this email.",
      ].join("\n"),
    });
    return;
  }
  const token = newSecret();
  await db()
    .entities.signUpRequest.create({
      tokenHash: sha256(token),
      email: input.email,
      name: input.name,
      passwordHash,
      timeZone: input.timeZone,
      expiresAt: Math.floor(Date.now() / 1000) + validHours * 3_600,
    })
    .go();
  await sendMail({
    allowanceTaken: true,
    to: input.email,
    subject: "Confirm your email for Cadence",
    text: [
      `Welcome to Cadence, ${input.name}.`,
      confirmPage
        ? `Confirm your email to finish signing up: ${Site.withToken(confirmPage, token)}`
        : `Your sign-up token: ${token}`,
      `The link works for ${validHours} hours. If you did not sign up, ignore this email.`,
    ].join("\n"),
  });
}

export const ConfirmInput = z.object({ token: z.string().min(20).max(200) });

const linkUsed = () =>
  new VisibleError(
    "sign_up_link_invalid",
    "This sign-up link was used already or has expired. Sign in, or sign up again.",
    "token",
  );

/**
 * Uses the mailed token (one delete conditioned on its existence, so it works once) and creates
 * the user with their personal workspace in one transaction. Returns the new ids.
 */
export async function confirmSignUp(
  input: z.infer<typeof ConfirmInput>,
): Promise<{ userId: string; workspaceId: string }> {
  let request: {
    email: string;
    name: string;
    passwordHash: string;
    expiresAt: number;
    timeZone?: string;
  };
  try {
    const removed = await db()
      .entities.signUpRequest.delete({ tokenHash: sha256(input.token) })
      .where((attr, op) => op.exists(attr.email))
      .go({ response: "all_old" });
    if (!removed.data) throw linkUsed();
    request = removed.data;
  } catch (error) {
    if (Limit.isConditionFailure(error)) throw linkUsed();
    throw error;
  }
  if (request.expiresAt * 1000 < Date.now()) throw linkUsed();
  const userId = newId("usr");
  const workspaceId = newId("ws");
  const { email, name, passwordHash } = request;
  const timeZone = request.timeZone ?? "UTC";
  const result = await db()
    .transaction.write(({ user, userEmail, workspace, member, usage }) => [
      userEmail.create({ email, userId }).commit(),
      user.create({ userId, email, name, passwordHash, timeZone }).commit(),
      workspace
        .create({ workspaceId, name: `${name}'s workspace`, personal: true, timeZone })
        .commit(),
      member.create({ workspaceId, userId, email, name, role: "owner" }).commit(),
      // The owner is the first member the plan counts.
      usage.create({ workspaceId, limit: "members", used: 1 }).commit(),
    ])
    .go();
  // The only condition in the transaction is the email's uniqueness. Whoever holds this link
  // reads the address's mail, so saying the account exists reveals nothing to them.
  if (result.canceled) {
    throw new VisibleError(
      "email_taken",
      "This email got an account in the meantime. Sign in, or reset the password if you forgot it.",
      "email",
    );
  }
  logInfo("user signed up", { userId, workspaceId });
  return { userId, workspaceId };
}
