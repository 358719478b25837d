/**
 * The one table's key schema. infra/storage.ts builds the AWS table from this definition and
 * the local stack creates its table from it, so the two cannot drift apart. Kept free of
 * imports: infra/ loads it as plain TypeScript.
 */
export const keyAttributes = [
  "pk",
  "sk",
  "gsi1pk",
  "gsi1sk",
  "gsi2pk",
  "gsi2sk",
  "gsi3pk",
  "gsi3sk",
  "gsi4pk",
  "gsi4sk",
  "gsi5pk",
  "gsi5sk",
] as const;

/**
 * What each index copies of an item. An index write costs a unit per KB of what it projects,
 * and an update touches the index only when a projected attribute changes; so an index that
 * projects keys only is written when an item enters it, leaves it or moves in it, never when
 * the item's state, lease, attempt or overrides change.
 *
 * - gsi1 (a subject's history, lookups by user, email, external id…) projects everything:
 *   eleven entities share it and the union of what their queries read is over the 100
 *   projected attributes DynamoDB allows.
 * - gsi2 (an account's timeline, accounts by grant, the approvals queue), gsi3 (reconciliation
 *   sweep), gsi4 (targets published on a day) and gsi5 (the calendar) project keys only. Their
 *   queries fetch the items by primary key afterwards (ElectroDB's `hydrate`), and the publish
 *   path writes a target twice (claim and result) without rewriting it in these indexes. The
 *   calendar pays for that on reads (a read per target shown instead of one per 4 KB of
 *   targets); publishing is the path that runs in bursts, at every due time, unattended.
 */
export type Projection = "ALL" | "KEYS_ONLY";

export const globalIndexes = {
  gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projection: "ALL" },
  gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk", projection: "KEYS_ONLY" },
  gsi3: { hashKey: "gsi3pk", rangeKey: "gsi3sk", projection: "KEYS_ONLY" },
  gsi4: { hashKey: "gsi4pk", rangeKey: "gsi4sk", projection: "KEYS_ONLY" },
  gsi5: { hashKey: "gsi5pk", rangeKey: "gsi5sk", projection: "KEYS_ONLY" },
} as const satisfies Record<string, { hashKey: string; rangeKey: string; projection: Projection }>;

/** Items with this attribute (epoch seconds) are removed by DynamoDB's TTL sweeper. */
export const ttlAttribute = "expiresAt";
