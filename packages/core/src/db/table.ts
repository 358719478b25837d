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
] as const;

/**
 * What each index copies of an item. An index write costs a unit per KB of what it projects,
 * and an update touches the index only when a projected attribute changes; so an index that
 * projects keys only is written when an item enters it, leaves it or moves in it, never when
 * the item's state, lease, attempt or overrides change.
 *
 * - gsi1 (calendar, a subject's history, lookups by user, email, external id…) projects
 *   everything: twelve entities share it and the union of what their queries read is over the
 *   100 projected attributes DynamoDB allows, and the calendar reads state, preview, tags and
 *   url on every page, which it should not pay a read per item for.
 * - gsi2 (an account's timeline, accounts by grant, the approvals queue), gsi3 (reconciliation
 *   sweep) and gsi4 (targets published on a day) project keys only. Their queries read few
 *   items and fetch them by primary key afterwards (ElectroDB's `hydrate`), and the publish
 *   path writes the item twice (claim and result) without moving it in these indexes.
 */
export type Projection = "ALL" | "KEYS_ONLY";

export const globalIndexes = {
  gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projection: "ALL" },
  gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk", projection: "KEYS_ONLY" },
  gsi3: { hashKey: "gsi3pk", rangeKey: "gsi3sk", projection: "KEYS_ONLY" },
  gsi4: { hashKey: "gsi4pk", rangeKey: "gsi4sk", projection: "KEYS_ONLY" },
} as const satisfies Record<string, { hashKey: string; rangeKey: string; projection: Projection }>;

/** Items with this attribute (epoch seconds) are removed by DynamoDB's TTL sweeper. */
export const ttlAttribute = "expiresAt";
