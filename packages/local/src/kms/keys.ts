import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from "node:crypto";
import { KmsError } from "./errors.ts";

/** A symmetric KMS key: its key material never leaves this process, as in KMS. */
export interface KmsKey {
  id: string;
  arn: string;
  creationDate: number;
  description: string;
  enabled: boolean;
  /** Every generation of key material; the last encrypts, all decrypt (rotation keeps old ones). */
  materials: Buffer[];
  rotation: { enabled: boolean; periodInDays: number; nextRotationDate?: number };
  tags: Map<string, string>;
}

export interface KmsAlias {
  name: string;
  arn: string;
  keyId: string;
  creationDate: number;
  lastUpdatedDate: number;
}

export type EncryptionContext = Record<string, string>;

/**
 * Ciphertext blob layout, all of it opaque to callers:
 * version (1) | key id length (1) | key id (utf-8) | material generation (4, BE) | IV (12) |
 * GCM tag (16) | ciphertext. The header is authenticated with the encryption context.
 */
const BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

/**
 * The encryption context in one canonical byte form, so the same pairs in any order
 * authenticate the same way and any change to a key or value fails authentication.
 */
function canonicalContext(context: EncryptionContext | undefined): Buffer {
  const pairs = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(pairs), "utf8");
}

const invalidCiphertext = () =>
  new KmsError(
    "InvalidCiphertextException",
    "The ciphertext is invalid or the encryption context does not match.",
  );

/** The keys and aliases of one emulated account and region, and the ciphertexts they make. */
export class KeyStore {
  private readonly keys = new Map<string, KmsKey>();
  private readonly aliases = new Map<string, KmsAlias>();

  constructor(
    readonly region: string,
    readonly accountId: string,
    /** With a seed, key material is derived from it, so ciphertexts outlive a restart. */
    private readonly seed?: string,
  ) {}

  private material(keyId: string, version: number): Buffer {
    if (!this.seed) return randomBytes(32);
    return createHmac("sha256", this.seed).update(`${keyId}:${version}`).digest();
  }

  createKey(
    options: { id?: string; description?: string; tags?: Map<string, string> } = {},
  ): KmsKey {
    const id = options.id ?? randomUUID();
    // The id is written into every ciphertext behind a one-byte length.
    if (!/^[a-zA-Z0-9-_]{1,255}$/.test(id)) {
      throw new KmsError(
        "ValidationException",
        `Key id ${id} must be 1 to 255 letters, digits, - or _.`,
      );
    }
    if (this.keys.has(id))
      throw new KmsError("AlreadyExistsException", `Key ${id} already exists.`);
    const key: KmsKey = {
      id,
      arn: `arn:aws:kms:${this.region}:${this.accountId}:key/${id}`,
      creationDate: Date.now(),
      description: options.description ?? "",
      enabled: true,
      materials: [this.material(id, 0)],
      rotation: { enabled: false, periodInDays: 365 },
      tags: options.tags ?? new Map(),
    };
    this.keys.set(id, key);
    return key;
  }

  listKeys(): KmsKey[] {
    return [...this.keys.values()];
  }

  createAlias(name: string, targetKeyId: string): KmsAlias {
    if (!ALIAS_NAME.test(name) || name.length > 256) {
      throw new KmsError(
        "ValidationException",
        `Alias name ${name} must match ${ALIAS_NAME.source}.`,
      );
    }
    if (name.startsWith("alias/aws/")) {
      throw new KmsError(
        "InvalidAliasNameException",
        `Alias ${name} is reserved for AWS managed keys.`,
      );
    }
    if (this.aliases.has(name)) {
      throw new KmsError(
        "AlreadyExistsException",
        `An alias with the name ${this.aliasArn(name)} already exists`,
      );
    }
    // An alias points at a key, never at another alias.
    const key = this.resolve(targetKeyId, { allowAlias: false });
    const now = Date.now();
    const alias: KmsAlias = {
      name,
      arn: this.aliasArn(name),
      keyId: key.id,
      creationDate: now,
      lastUpdatedDate: now,
    };
    this.aliases.set(name, alias);
    return alias;
  }

  deleteAlias(name: string): void {
    if (!this.aliases.delete(name)) {
      throw new KmsError("NotFoundException", `Alias ${this.aliasArn(name)} is not found.`);
    }
  }

  listAliases(): KmsAlias[] {
    return [...this.aliases.values()];
  }

  /** Finds a key by key id, key ARN, alias name or alias ARN. */
  resolve(identifier: unknown, options: { allowAlias?: boolean } = {}): KmsKey {
    if (typeof identifier !== "string" || identifier.length < 1 || identifier.length > 2048) {
      throw new KmsError("ValidationException", "KeyId must be a string of 1 to 2048 characters.");
    }
    let reference = identifier;
    if (identifier.startsWith("arn:")) {
      const [, partition, service, region, account, resource = ""] = identifier.split(":");
      const valid =
        partition?.startsWith("aws") &&
        service === "kms" &&
        region === this.region &&
        account === this.accountId;
      if (!valid || !/^(key|alias)\//.test(resource)) {
        throw new KmsError("NotFoundException", `Invalid arn ${identifier}`);
      }
      reference = resource.startsWith("key/") ? resource.slice(4) : resource;
    }
    if (reference.startsWith("alias/")) {
      const alias = options.allowAlias === false ? undefined : this.aliases.get(reference);
      const key = alias && this.keys.get(alias.keyId);
      if (!key)
        throw new KmsError("NotFoundException", `Alias ${this.aliasArn(reference)} is not found.`);
      return key;
    }
    const key = this.keys.get(reference);
    if (!key) {
      throw new KmsError(
        "NotFoundException",
        `Key 'arn:aws:kms:${this.region}:${this.accountId}:key/${reference}' does not exist`,
      );
    }
    return key;
  }

  /** Like resolve, and the key must be usable for cryptographic operations. */
  resolveEnabled(identifier: unknown): KmsKey {
    const key = this.resolve(identifier);
    assertEnabled(key);
    return key;
  }

  encrypt(key: KmsKey, plaintext: Buffer, context: EncryptionContext | undefined): Buffer {
    const generation = key.materials.length - 1;
    const material = key.materials[generation] as Buffer;
    const id = Buffer.from(key.id, "utf8");
    const header = Buffer.alloc(2 + id.length + 4);
    header.writeUInt8(BLOB_VERSION, 0);
    header.writeUInt8(id.length, 1);
    id.copy(header, 2);
    header.writeUInt32BE(generation, 2 + id.length);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", material, iv);
    cipher.setAAD(Buffer.concat([header, canonicalContext(context)]));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
  }

  /** The key a blob names; the blob is not authenticated until `decrypt`. */
  keyOf(blob: Buffer): KmsKey {
    const { keyId } = parseBlob(blob);
    const key = this.keys.get(keyId);
    if (!key) throw invalidCiphertext();
    return key;
  }

  decrypt(
    blob: Buffer,
    context: EncryptionContext | undefined,
  ): { key: KmsKey; plaintext: Buffer } {
    const { keyId, header, generation, iv, tag, body } = parseBlob(blob);
    const key = this.keys.get(keyId);
    const material = key?.materials[generation];
    if (!key || !material) throw invalidCiphertext();
    assertEnabled(key);
    try {
      const decipher = createDecipheriv("aes-256-gcm", material, iv);
      decipher.setAAD(Buffer.concat([header, canonicalContext(context)]));
      decipher.setAuthTag(tag);
      return { key, plaintext: Buffer.concat([decipher.update(body), decipher.final()]) };
    } catch {
      throw invalidCiphertext();
    }
  }

  rotate(key: KmsKey): void {
    key.materials.push(this.material(key.id, key.materials.length));
  }

  private aliasArn(name: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${name}`;
  }
}

function assertEnabled(key: KmsKey): void {
  if (!key.enabled) throw new KmsError("DisabledException", `${key.arn} is disabled.`);
}

function parseBlob(blob: Buffer) {
  if (blob.length < 2 || blob.readUInt8(0) !== BLOB_VERSION) throw invalidCiphertext();
  const idLength = blob.readUInt8(1);
  const headerLength = 2 + idLength + 4;
  if (blob.length < headerLength + IV_BYTES + TAG_BYTES) throw invalidCiphertext();
  const header = blob.subarray(0, headerLength);
  return {
    header,
    keyId: blob.subarray(2, 2 + idLength).toString("utf8"),
    generation: blob.readUInt32BE(2 + idLength),
    iv: blob.subarray(headerLength, headerLength + IV_BYTES),
    tag: blob.subarray(headerLength + IV_BYTES, headerLength + IV_BYTES + TAG_BYTES),
    body: blob.subarray(headerLength + IV_BYTES + TAG_BYTES),
  };
}
