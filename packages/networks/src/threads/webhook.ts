import { asRecord, stringOf } from "../kit/json.ts";
import type { MetaEntry } from "../kit/meta-webhook.ts";
import type { WebhookEvent } from "../types.ts";

/**
 * Threads webhooks (`object: "threads"`, entry id = the Threads user): `replies` changes carry
 * the reply with `replied_to` and `root_post`, `mentions` the post that mentions the account.
 * The uninstall callback (a signed_request) is handled by the kit.
 */
export function threadsEvents(object: string, entries: MetaEntry[]): WebhookEvent[] {
  if (object !== "threads") return [];
  return entries.flatMap((entry) =>
    entry.changes.map((change): WebhookEvent => {
      const value = change.value;
      if (change.field === "replies") {
        return {
          type: "comment",
          accountExternalId: entry.id,
          postExternalId:
            stringOf(asRecord(value.replied_to).id) ?? stringOf(asRecord(value.root_post).id),
          raw: change,
        };
      }
      if (change.field === "mentions") {
        return {
          type: "mention",
          accountExternalId: entry.id,
          postExternalId: stringOf(value.id),
          raw: change,
        };
      }
      return { type: "other", accountExternalId: entry.id, raw: change };
    }),
  );
}
