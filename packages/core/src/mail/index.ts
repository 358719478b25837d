import { type MailMessage, usePorts } from "../ports.ts";
import { Outbox } from "./outbox.ts";

export type { MailMessage };
export { Outbox };

/**
 * Sends a transactional email through the stage's Mailer: SES from a verified sender, or the
 * stage outbox where none is configured (the entry point picks it from the `Mail` resource).
 */
export async function sendMail(message: MailMessage): Promise<void> {
  await usePorts().mailer.send(message);
}
