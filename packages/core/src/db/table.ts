/**
 * The one table's key schema. infra/storage.ts declares the same attributes and indexes for
 * AWS; the local stack creates the table from this definition so the two cannot drift apart
 * silently (tests/e2e/table-schema.test.ts compares them).
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

export const globalIndexes = {
  gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
  gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
  gsi3: { hashKey: "gsi3pk", rangeKey: "gsi3sk" },
  gsi4: { hashKey: "gsi4pk", rangeKey: "gsi4sk" },
} as const;

/** Items with this attribute (epoch seconds) are removed by DynamoDB's TTL sweeper. */
export const ttlAttribute = "expiresAt";
