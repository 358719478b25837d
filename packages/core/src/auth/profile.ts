import * as z from "zod";
import { useUser } from "../actor/index.ts";
import { isConditionFailure } from "../db/condition.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import "../util/zod.ts";
import { TimeZone } from "../util/zone.ts";
import { Password } from "./fields.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { Sessions } from "./sessions.ts";
import { Throttles } from "./throttles.ts";

/** The signed-in person's own settings: name, zone and password. */

export const ProfileInput = z
  .object({
    name: z.string().trim().min(1, "enter your name").max(100).optional(),
    timeZone: TimeZone.optional(),
  })
  .refine((input) => input.name !== undefined || input.timeZone !== undefined, {
    message: "give a name or a time zone to change",
  });

export async function updateProfile(input: z.infer<typeof ProfileInput>) {
  const { userId } = useUser();
  const saved = await db()
    .entities.user.patch({ userId })
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
    })
    .go({ response: "all_new" });
  await copyToMemberships(userId, { name: input.name });
  return saved.data;
}

/**
 * Each membership keeps a copy of the person's name and email for the team list: after the user
 * item changed, the copies follow. A membership removed meanwhile is left gone (ElectroDB's patch
 * is conditional on the item existing); every other failure propagates.
 */
export async function copyToMemberships(
  userId: string,
  change: { name?: string; email?: string },
): Promise<void> {
  const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return;
  const memberships = await db().entities.member.query.byUser({ userId }).go({ pages: "all" });
  for (const { workspaceId } of memberships.data) {
    await db()
      .entities.member.patch({ workspaceId, userId })
      .set(set)
      .go()
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}

export const PasswordChangeInput = z.object({
  currentPassword: z.string().min(1, "enter your current password").max(200),
  newPassword: Password,
  sourceAddress: z.string().max(64).optional(),
});

const wrongPassword = () =>
  new VisibleError(
    "wrong_current_password",
    "Your current password is not right. Enter it again, or reset your password from the sign-in page.",
    "currentPassword",
  );

/**
 * Changes the password when the current one is given, then ends every other session (someone
 * who knew the old password is signed out there); this one stays. Guesses at the current
 * password count against the same limits as sign-in, taken before it is compared. The write is
 * conditional on the hash that was checked, so two changes at once cannot both win.
 */
export async function changePassword(input: z.infer<typeof PasswordChangeInput>): Promise<void> {
  const actor = useUser();
  const user = (await db().entities.user.get({ userId: actor.userId }).go()).data;
  if (!user) throw new VisibleError("session_ended", "This account no longer exists.");
  await Throttles.beforeSignIn(user.email, input.sourceAddress);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw wrongPassword();
  await Throttles.afterSignIn(user.email, input.sourceAddress);
  if (input.newPassword === input.currentPassword) {
    throw new VisibleError(
      "same_password",
      "The new password is the one you have now. Choose a different one.",
      "newPassword",
    );
  }
  try {
    await db()
      .entities.user.patch({ userId: actor.userId })
      .set({ passwordHash: await hashPassword(input.newPassword) })
      .where((attr, op) => op.eq(attr.passwordHash, user.passwordHash))
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Changed by another request (or a reset) since it was checked.
    throw wrongPassword();
  }
  await Sessions.revokeAll(actor.userId, "password_changed", actor.sessionId);
}
