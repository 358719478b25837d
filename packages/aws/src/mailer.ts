import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { Mailer } from "@cadence/core/ports";
import { clientOf } from "./clients.ts";

const ses = () => clientOf(SESv2Client);

/** Mail through SES from a verified sender (infra/mail.ts allows that address only). */
export function sesMailer(sender: string): Mailer {
  return {
    async send(message) {
      await ses().send(
        new SendEmailCommand({
          FromEmailAddress: sender,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject },
              Body: { Text: { Data: message.text } },
              Headers: Object.entries(message.headers ?? {}).map(([Name, Value]) => ({
                Name,
                Value,
              })),
            },
          },
        }),
      );
    },
  };
}
