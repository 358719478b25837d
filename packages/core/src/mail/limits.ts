import { Limit } from "../limit/index.ts";

/**
 * What Cadence puts into a mail's headers, and how much mail it sends. Kept apart from the
 * delivery itself (mail/index.ts) so the delivery can change without these rules moving.
 */
export const mailRules = {
  perRecipient: { name: "mail-recipient", max: 5, windowSeconds: 3_600 },
  perWorkspace: { name: "mail-workspace", max: 200, windowSeconds: 3_600 },
  // Notification mail is batched (at most one a minute per person and workspace), so its own
  // ceiling sits above the sign-in mail's five and still stops a runaway loop.
  notificationsPerRecipient: { name: "mail-notices", max: 30, windowSeconds: 3_600 },
} satisfies Record<string, Limit.Rule>;

/**
 * A header value without control characters: a CR or LF in a workspace or person's name would
 * otherwise start a new header (Bcc: …) or the body. Runs of them become one space.
 */
export function headerText(value: string, maxLength = 250): string {
  // \p{Cc} is every control character (CR, LF, NUL, …); \p{Zl}\p{Zp} are Unicode line breaks.
  return value
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .trim()
    .slice(0, maxLength);
}

/**
 * Takes one mail from the recipient's hourly limit (and the workspace's, for mail a workspace
 * causes), or says when more may be sent. Taken before anything is written for the mail.
 */
export async function takeMailAllowance(to: string, workspaceId?: string): Promise<Limit.Taken> {
  const recipient = await Limit.take(mailRules.perRecipient, to.toLowerCase());
  if (!recipient.allowed || !workspaceId) return recipient;
  return Limit.take(mailRules.perWorkspace, workspaceId);
}

/** The same for notification mail and digests, under their own per-recipient ceiling. */
export async function takeNotificationAllowance(
  to: string,
  workspaceId: string,
): Promise<Limit.Taken> {
  const recipient = await Limit.take(mailRules.notificationsPerRecipient, to.toLowerCase());
  if (!recipient.allowed) return recipient;
  return Limit.take(mailRules.perWorkspace, workspaceId);
}
