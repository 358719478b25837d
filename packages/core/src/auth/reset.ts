import { randomInt } from "node:crypto";
import * as z from "zod";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Limit } from "../limit/index.ts";
import { reserveMail, sendMail } from "../mail/index.ts";
import { sha256 } from "../util/id.ts";
import "../util/zod.ts";
import { Email, Password } from "./fields.ts";
import { Throttles } from "./throttles.ts";

/** Crockford's base32: no I, L, O or U, so a code read off a phone is typed right. */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const codeLength = 12;
const validMinutes = 15;
const attemptsPerCode = 5;

/**
 * A reset code is 12 base32 characters (60 bits) shown as XXXX-XXXX-XXXX: with five guesses per
 * code and a few codes per hour, guessing is hopeless even before the throttles.
 */
export function newResetCode(): string {
  const chars = Array.from({ length: codeLength }, () => alphabet[randomInt(alphabet.length)]);
  return chars.join("").replace(/(.{4})(?!$)/g, "$1-");
}

/** What a person typed, as the code was issued: case, spaces and dashes do not matter. */
export function normalizeResetCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return plain.replace(/(.{4})(?!$)/g, "$1-");
}

function codeHash(userId: string, code: string): string {
  return sha256(`${userId}:${normalizeResetCode(code)}`);
}

export const ResetRequestInput = z.object({
  email: Email,
  sourceAddress: z.string().max(64).optional(),
});

/**
 * Emails a reset code valid for 15 minutes. Answers the same whether or not the email has an
 * account; requests are limited per email and per source address before anything is looked up.
 */
export async function requestReset(input: z.infer<typeof ResetRequestInput>): Promise<void> {
  await Throttles.beforeResetRequest(input.email, input.sourceAddress);
  const owner = await db().entities.userEmail.get({ email: input.email }).go();
  if (!owner.data) return;
  const userId = owner.data.userId;
  await reserveMail(input.email);
  const code = newResetCode();
  const validUntil = new Date(Date.now() + validMinutes * 60_000);
  await db()
    .entities.resetCode.put({
      userId,
      codeHash: codeHash(userId, code),
      attemptsLeft: attemptsPerCode,
      validUntil: validUntil.toISOString(),
      expiresAt: Math.floor(validUntil.getTime() / 1000),
    })
    .go();
  await sendMail({
    allowanceTaken: true,
    to: input.email,
    subject: "Your Cadence password reset code",
    text: `Your code is ${code}. It works for ${validMinutes} minutes. If you did not ask for it, ignore this email.`,
  });
}

export const ResetInput = z.object({
  email: Email,
  code: z
    .string()
    .trim()
    .regex(
      /^[0-9A-Za-z]{4}[\s-]?[0-9A-Za-z]{4}[\s-]?[0-9A-Za-z]{4}$/,
      "enter the code from the email (like 7K3Q-M9XD-2HPA)",
    ),
  newPassword: Password,
  sourceAddress: z.string().max(64).optional(),
});

const wrongCode = () =>
  new VisibleError(
    "invalid_reset_code",
    "That code is wrong or has expired. Ask for a new code.",
    "code",
  );

/**
 * Sets a new password with the mailed code. The attempt is counted (per email and address, and
 * against the code's own five) by conditional writes before the code is compared, so parallel
 * guesses cannot get more than five comparisons; the code is used up by a delete conditioned on
 * its hash, so two right answers at once change the password once. Returns the user's id.
 */
export async function confirmReset(input: z.infer<typeof ResetInput>): Promise<string> {
  await Throttles.beforeResetAttempt(input.email, input.sourceAddress);
  const owner = await db().entities.userEmail.get({ email: input.email }).go();
  if (!owner.data) throw wrongCode();
  const userId = owner.data.userId;
  const now = new Date().toISOString();
  let stored: { codeHash: string } | undefined;
  try {
    const spent = await db()
      .entities.resetCode.patch({ userId })
      .subtract({ attemptsLeft: 1 })
      .where((attr, op) => `${op.gt(attr.attemptsLeft, 0)} AND ${op.gt(attr.validUntil, now)}`)
      .go({ response: "all_new" });
    stored = spent.data;
  } catch (error) {
    // No code, an expired one, or one whose attempts are spent.
    if (Limit.isConditionFailure(error)) throw wrongCode();
    throw error;
  }
  const hash = codeHash(userId, input.code);
  if (!stored || stored.codeHash !== hash) throw wrongCode();
  try {
    await db()
      .entities.resetCode.delete({ userId })
      .where((attr, op) => op.eq(attr.codeHash, hash))
      .go();
  } catch (error) {
    // Another request with the right code used it first.
    if (Limit.isConditionFailure(error)) throw wrongCode();
    throw error;
  }
  return userId;
}
