import { stringOf } from "../kit/json.ts";
import type { MetaEntry } from "../kit/meta-webhook.ts";
import type { WebhookEvent } from "../types.ts";

const postItems = new Set(["post", "status", "photo", "video", "share"]);

/**
 * Page webhooks (`object: "page"`): `feed` changes carry `{item, verb, post_id, comment_id,
 * from}`: a comment added is a comment on the post, a post removed is a deleted post; `mention`
 * changes are mentions of the Page. The deauthorize callback is handled by the kit.
 */
export function facebookEvents(object: string, entries: MetaEntry[]): WebhookEvent[] {
  if (object !== "page") return [];
  return entries.flatMap((entry) =>
    entry.changes.flatMap((change): WebhookEvent[] => {
      const value = change.value;
      const item = stringOf(value.item) ?? "";
      const verb = stringOf(value.verb) ?? "";
      const postId = stringOf(value.post_id);
      const base = { accountExternalId: entry.id, postExternalId: postId, raw: change };
      if (change.field === "mention") return [{ type: "mention", ...base }];
      if (change.field !== "feed") return [{ type: "other", ...base }];
      if (item === "comment" && verb === "add") return [{ type: "comment", ...base }];
      if (postItems.has(item) && verb === "remove") return [{ type: "post_deleted", ...base }];
      return [{ type: "other", ...base }];
    }),
  );
}
