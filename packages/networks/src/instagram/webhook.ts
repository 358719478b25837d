import { asRecord, stringOf } from "../kit/json.ts";
import type { MetaEntry } from "../kit/meta-webhook.ts";
import type { WebhookEvent } from "../types.ts";

/**
 * Instagram webhooks (`object: "instagram"`, entry id = the professional account): `comments`
 * changes carry `{id, text, from, media: {id}}`, `mentions` carry `{media_id, comment_id}`. The
 * deauthorize callback is handled by the kit.
 */
export function instagramEvents(object: string, entries: MetaEntry[]): WebhookEvent[] {
  if (object !== "instagram") return [];
  return entries.flatMap((entry) =>
    entry.changes.map((change): WebhookEvent => {
      const value = change.value;
      if (change.field === "comments") {
        return {
          type: "comment",
          accountExternalId: entry.id,
          postExternalId: stringOf(asRecord(value.media).id),
          raw: change,
        };
      }
      if (change.field === "mentions") {
        return {
          type: "mention",
          accountExternalId: entry.id,
          postExternalId: stringOf(value.media_id),
          raw: change,
        };
      }
      return { type: "other", accountExternalId: entry.id, raw: change };
    }),
  );
}
