import { Entity, type EntityItem } from "electrodb";
import { service, timestamps } from "./common.ts";

export const targetStates = [
  "draft",
  "pending_approval",
  "scheduled",
  "publishing",
  "published",
  "failed",
  "needs_review",
  "canceled",
  /** Waiting for its account to be reconnected; `heldFrom` says where it goes back to. */
  "held",
] as const;

/**
 * One post going to one account: its overrides, its due time and where it stands. A target id
 * carries its post's id (`tgt_<post ulid>_<n>`), so the publish consumer, which is handed only
 * workspace and target ids, reads the target by its primary key without a lookup.
 */
export const TargetEntity = new Entity({
  model: { entity: "target", version: "1", service },
  attributes: {
    workspaceId: { type: "string", required: true, readOnly: true },
    postId: { type: "string", required: true, readOnly: true },
    targetId: { type: "string", required: true, readOnly: true },
    /** Not read-only: writes that move `dueAt` restate it, since it is part of that index key. */
    accountId: { type: "string", required: true },
    network: { type: "string", required: true, readOnly: true },
    /** Per-network overrides (text, thread, first comment, options); see core/post. */
    overrides: { type: "any", required: true, default: () => ({}) },
    state: { type: targetStates, required: true, default: "draft" },
    /** UTC instant the target is due ("" for none), with the zone it was chosen in. */
    dueAt: { type: "string", required: true, default: "" },
    timeZone: { type: "string" },
    /** While `held`: the waiting state it left, and returns to when its account is reconnected. */
    heldFrom: { type: ["scheduled", "pending_approval"] as const },
    /** YYYY-MM of dueAt: the calendar partition. */
    dueMonth: { type: "string", required: true, default: "" },
    /** Bumped on every (re)schedule: a message for an older version is stale. */
    version: { type: "number", required: true, default: 1 },
    /** Recurring targets: which occurrence is next (0-based). */
    occurrence: { type: "number", required: true, default: 0 },
    attempt: { type: "number", required: true, default: 0 },
    /** While publishing: when the claim lapses ("" otherwise). */
    leaseUntil: { type: "string", required: true, default: "" },
    /**
     * When the reconcile sweep must look at this target if nothing else moved it: due time plus
     * a grace while `scheduled`/`pending_approval`, the lease's end while `publishing`, "" in
     * every other state (so the index stays sparse). Written by core/target with every state.
     */
    checkAt: { type: "string", required: true, default: "" },
    /** Spreads the check index over a few partitions across tenants (from the target id). */
    checkShard: { type: "string", required: true, default: "0" },
    externalId: { type: "string" },
    url: { type: "string" },
    publishedAt: { type: "string" },
    /**
     * Derived from publishedAt, so every write that records a publish also files the target in
     * the metrics index: its UTC day and a shard ("" until published).
     */
    publishedDay: {
      type: "string",
      required: true,
      default: "",
      watch: ["publishedAt"],
      set: (_, item) => (item.publishedAt ? String(item.publishedAt).slice(0, 10) : ""),
    },
    publishedShard: {
      type: "string",
      required: true,
      default: "",
      watch: ["publishedAt"],
      set: (_, item) => (item.publishedAt ? publishedShardOf(String(item.publishedAt)) : ""),
    },
    errorCode: { type: "string" },
    errorMessage: { type: "string" },
    /** The first 280 characters this account will see: the calendar shows it without a read. */
    preview: { type: "string", required: true, default: "" },
    /** Filters for the calendar, copied from the post. */
    tags: { type: "list", items: { type: "string" }, required: true, default: () => [] },
    campaign: { type: "string" },
    ...timestamps,
  },
  indexes: {
    byPost: {
      collection: "post",
      pk: {
        field: "pk",
        composite: ["workspaceId", "postId"],
        template: "ws#${workspaceId}#post#${postId}",
      },
      sk: { field: "sk", composite: ["targetId"], template: "target#${targetId}" },
    },
    // The calendar: a workspace's month, ordered by due time. Only targets with a time.
    calendar: {
      index: "gsi5",
      projection: "keys_only",
      condition: (attr) => Boolean(attr.dueAt),
      pk: {
        field: "gsi5pk",
        composite: ["workspaceId", "dueMonth"],
        template: "ws#${workspaceId}#cal#${dueMonth}",
      },
      sk: { field: "gsi5sk", composite: ["dueAt", "targetId"], template: "${dueAt}#${targetId}" },
    },
    // An account's timeline: which posting slots are taken, the queue to reorder.
    byAccount: {
      index: "gsi2",
      // Keys only (db/table.ts): claims and results leave the timeline untouched.
      projection: "keys_only",
      condition: (attr) => Boolean(attr.dueAt),
      pk: { field: "gsi2pk", composite: ["accountId"], template: "account#${accountId}" },
      sk: { field: "gsi2sk", composite: ["dueAt", "targetId"], template: "${dueAt}#${targetId}" },
    },
    // Reconciliation: targets whose check time passed (a lost message, a lapsed claim), across
    // tenants, in a few partitions; only targets still waiting or publishing are in it.
    byCheck: {
      index: "gsi3",
      // Keys only: the sweep reads each target by primary key before acting on it.
      projection: "keys_only",
      condition: (attr) => Boolean(attr.checkAt),
      pk: { field: "gsi3pk", composite: ["checkShard"], template: "check#${checkShard}" },
      sk: {
        field: "gsi3sk",
        composite: ["checkAt", "targetId"],
        template: "${checkAt}#${targetId}",
      },
    },
    // Metrics ingestion: targets published on a day, across tenants, in a few partitions a day.
    publishedOn: {
      index: "gsi4",
      // Keys only: ingestion reads each target by primary key.
      projection: "keys_only",
      condition: (attr) => Boolean(attr.publishedDay),
      pk: {
        field: "gsi4pk",
        composite: ["publishedDay", "publishedShard"],
        template: "published#${publishedDay}#${publishedShard}",
      },
      sk: { field: "gsi4sk", composite: ["targetId"], template: "${targetId}" },
    },
  },
});

/** Published targets of a day are spread over this many partitions of the metrics index. */
export const publishedShards = 4;

/** A publish time's shard: the sum of its characters, which its seconds and milliseconds spread. */
function publishedShardOf(publishedAt: string): string {
  let sum = 0;
  for (const char of publishedAt) sum += char.charCodeAt(0);
  return String(sum % publishedShards);
}

/** Check times are spread over this many partitions of the check index. */
export const checkShards = 8;
export type TargetItem = EntityItem<typeof TargetEntity>;
