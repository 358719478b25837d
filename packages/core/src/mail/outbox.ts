import { Resource } from "sst";
import * as z from "zod";
import { VisibleError } from "../error/index.ts";
import { logWarn } from "../log/index.ts";
import { type Blobs, type Mailer, usePorts } from "../ports.ts";
import { newId, sha256 } from "../util/id.ts";

/**
 * The stage outbox: where mail goes on a stage without a verified sender (preview stages, the
 * local stack). Each message is stored twice in the stage's bucket, once in the list of all mail
 * and once under its recipient, with keys that sort newest first, so the outbox page and a
 * look-up by address each read one prefix. The bucket expires `outbox/` after 14 days.
 */
export namespace Outbox {
  export const Message = z.object({
    id: z.string(),
    at: z.string(),
    from: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
  });
  export type Message = z.infer<typeof Message>;

  const prefix = "outbox/";
  const allPrefix = `${prefix}all/`;
  const recipientPrefix = (to: string) => `${prefix}to/${sha256(to.trim().toLowerCase())}/`;
  // Milliseconds counted down from the year 2286, zero-padded: newer mail sorts first.
  const newestFirst = (at: Date) => String(9_999_999_999_999 - at.getTime()).padStart(13, "0");

  /** A Mailer that keeps each message in the outbox instead of sending it. */
  export function mailer(blobs: Blobs, sender: string): Mailer {
    return {
      async send(message) {
        const at = new Date();
        const stored: Message = {
          id: newId("mail"),
          at: at.toISOString(),
          from: sender,
          ...message,
        };
        const name = `${newestFirst(at)}-${stored.id}.json`;
        const body = JSON.stringify(stored);
        await Promise.all([
          blobs.put(`${allPrefix}${name}`, body, "application/json"),
          blobs.put(`${recipientPrefix(message.to)}${name}`, body, "application/json"),
        ]);
      },
    };
  }

  export const ListInput = z.object({
    to: z.string().trim().max(320).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  });

  /** Whether this stage delivers mail to the outbox (infra/mail.ts decides per stage). */
  export function enabled(): boolean {
    return Resource.Mail.delivery === "outbox";
  }

  /**
   * The newest mail, all of it or one recipient's. A stage that sends real mail has no outbox
   * and says so.
   */
  export async function list(input: z.input<typeof ListInput>): Promise<Message[]> {
    if (!enabled()) {
      throw new VisibleError(
        "outbox_not_enabled",
        "This stage sends real mail, so it has no outbox. Check the recipient's inbox instead.",
      );
    }
    const { to, limit } = ListInput.parse(input);
    const { blobs } = usePorts();
    const keys = await blobs.list(to ? recipientPrefix(to) : allPrefix, limit);
    // A few reads at a time: a page of a hundred parallel GETs is more than a busy stage's
    // bucket (or the local S3 stand-in) should take for a QA screen.
    // One message that cannot be read (the store failed on it) is left out and logged, so the
    // QA screen still shows the rest.
    const readOne = (key: string) =>
      blobs.read(key).catch((error: unknown) => {
        logWarn("an outbox message could not be read", {
          key,
          error: error instanceof Error ? { name: error.name, message: error.message } : "unknown",
        });
        return undefined;
      });
    const bodies: (Buffer | undefined)[] = [];
    for (let at = 0; at < keys.length; at += 10) {
      bodies.push(...(await Promise.all(keys.slice(at, at + 10).map(readOne))));
    }
    return bodies.flatMap((body) =>
      body ? [Message.parse(JSON.parse(body.toString("utf8")))] : [],
    );
  }
}
