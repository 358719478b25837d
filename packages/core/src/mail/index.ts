import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { Resource } from "sst";
import { VisibleError } from "../error/index.ts";
import { headerText, takeMailAllowance } from "./limits.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The workspace the mail is sent for, whose hourly mail limit it counts against. */
  workspaceId?: string;
  /** The caller already took this mail's allowance (before writing what the mail is about). */
  allowanceTaken?: boolean;
}

/** More mail to one address (or from one workspace) than the hourly limit allows. */
export function tooMuchMail(retryAt: number): VisibleError {
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
  return new VisibleError(
    "rate_limited",
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

let ses: SESv2Client | undefined;

/**
 * Sends a transactional email. The linked `Mail` resource decides where it goes: SES from its
 * sender address, or, where an outbox URL is configured (the local stack), that outbox, which
 * the sandbox server shows at /_mail.
 */
export async function sendMail(input: MailMessage): Promise<void> {
  if (!input.allowanceTaken) await reserveMail(input.to, input.workspaceId);
  const message = {
    to: headerText(input.to),
    subject: headerText(input.subject),
    text: input.text,
  };
  const config = Resource.Mail;
  if (config.outboxUrl) {
    const response = await fetch(config.outboxUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: config.sender, ...message }),
    });
    if (!response.ok) throw new Error(`outbox refused mail: ${response.status}`);
    return;
  }
  ses ??= new SESv2Client({});
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: config.sender,
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject },
          Body: { Text: { Data: message.text } },
        },
      },
    }),
  );
}
