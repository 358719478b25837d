import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { Resource } from "sst";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

let ses: SESv2Client | undefined;

/**
 * Sends a transactional email. The linked `Mail` resource decides where it goes: SES from its
 * sender address, or, where an outbox URL is configured (the local stack), that outbox, which
 * the sandbox server shows at /_mail.
 */
export async function sendMail(message: MailMessage): Promise<void> {
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
