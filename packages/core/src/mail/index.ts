import { VisibleError } from "../error/index.ts";
import { type MailMessage as PortMailMessage, usePorts } from "../ports.ts";
import { headerText, takeMailAllowance } from "./limits.ts";
import { Outbox } from "./outbox.ts";

export { Outbox };

export interface MailMessage extends PortMailMessage {
  /** The workspace the mail is sent for, whose hourly mail limit it counts against. */
  workspaceId?: string;
  /** The caller already took this mail's allowance (before writing what the mail is about). */
  allowanceTaken?: boolean;
}

/** More mail to one address (or from one workspace) than the hourly limit allows. */
export function tooMuchMail(retryAt: number): VisibleError {
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
  return new VisibleError(
    "too_much_mail",
    `Cadence sent several emails to this address recently. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
    undefined,
    { retryAfterSeconds },
  );
}

/** Takes a mail's allowance ahead of sending it, or throws 429 `too_much_mail`. */
export async function reserveMail(to: string, workspaceId?: string): Promise<void> {
  const taken = await takeMailAllowance(to, workspaceId);
  if (!taken.allowed) throw tooMuchMail(taken.retryAt);
}

/**
 * Sends a transactional email through the stage's Mailer (SES from a verified sender, or the
 * stage outbox where none is configured; the entry point picks it from the `Mail` resource),
 * within the per-recipient and per-workspace limits, with no control characters in headers.
 */
export async function sendMail(input: MailMessage): Promise<void> {
  if (!input.allowanceTaken) await reserveMail(input.to, input.workspaceId);
  await usePorts().mailer.send({
    to: headerText(input.to),
    subject: headerText(input.subject),
    text: input.text,
    ...(input.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(input.headers).map(([name, value]) => [name, headerText(value, 2_000)]),
          ),
        }
      : {}),
  });
}
