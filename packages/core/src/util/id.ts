import { createHash, randomBytes } from "node:crypto";
import { ulid } from "ulid";

/** Sortable, prefixed ids: the prefix tells a reader (and a support person) what the id names. */
export function newId(prefix: string): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}

/** A random secret for tokens and keys, URL-safe. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Hash for high-entropy secrets (tokens, keys): a fast hash is right when guessing is hopeless. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** A stable shard number for an id, from its hash's bytes (spreads work over `shards` partitions). */
export function shardOf(id: string, shards: number): string {
  return String(createHash("sha256").update(id).digest().readUInt16BE(0) % shards);
}
