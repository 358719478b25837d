import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

/** The autorepost cron reads enabled rules from this many partitions of its index. */
export const autorepostShards = 8;

/**
 * "When this account posts, repost it there": a workspace's autorepost rule. Few per workspace,
 * so they live in the workspace's partition; the cron finds the enabled ones across tenants in
 * a sparse, sharded index (`pollShard` is "" while the rule is disabled, which takes it out).
 */
export const AutorepostRuleEntity = new Entity({
  model: { entity: "autorepostRule", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    ruleId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    sourceAccountId: { type: "string", required: true },
    sourceNetwork: { type: "string", required: true },
    /** [{ accountId, template?, overrides }]; see core/autorepost. */
    targets: { type: "any", required: true, default: () => [] },
    /** now: publish at once; queue: the account's next posting slot; draft: held for review. */
    scheduleMode: { type: ["now", "queue", "draft"] as const, required: true, default: "now" },
    /** Which source posts the rule takes (autorepost/content.ts `Filters`). */
    filters: { type: "any", required: true, default: () => ({}) },
    /** The reposts' text: `{caption}`, `{hashtags}`, `{link}`, `{source}` (autorepost/content.ts). */
    template: { type: "string", required: true },
    enabled: { type: "boolean", required: true, default: true },
    /** The shard of the enabled-rules index, "" while disabled (sparse). */
    pollShard: { type: "string", required: true, default: "" },
    /** Source posts made before this instant are never reposted (creation, re-enabling). */
    startsAt: { type: "string", required: true },
    /** When the source was last read; the next read starts a little before it. */
    lastCheckedAt: { type: "string", required: true },
    /** External ids of source posts already handled (reposted or skipped), most recent last. */
    seenIds: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    /** Content hashes of handled source posts: the same post made twice is reposted once. */
    seenHashes: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    /** The last reposts made: [{ sourceId, sourceUrl, postId, at }], for the rule's history. */
    reposted: { type: "any", required: true, default: () => [] },
    /** The last source posts a target network refused: [{ sourceId, sourceUrl, reason, at }]. */
    skipped: { type: "any", required: true, default: () => [] },
    lastError: { type: "string" },
    lastErrorAt: { type: "string" },
    version: { type: "number", required: true, default: 1 },
    ...timestamps,
  },
  indexes: {
    byWorkspace: {
      pk: { field: "pk", composite: ["workspaceId"], template: "ws#${workspaceId}" },
      sk: { field: "sk", composite: ["ruleId"], template: "autorepost#${ruleId}" },
    },
    // The autorepost cron: enabled rules across tenants, in a few partitions.
    enabledRules: {
      index: "gsi1",
      condition: (attr) => Boolean(attr.pollShard),
      pk: { field: "gsi1pk", composite: ["pollShard"], template: "autorepost#${pollShard}" },
      sk: {
        field: "gsi1sk",
        composite: ["workspaceId", "ruleId"],
        template: "${workspaceId}#${ruleId}",
      },
    },
  },
});
export type AutorepostRuleItem = EntityItem<typeof AutorepostRuleEntity>;
