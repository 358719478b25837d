import { randomBytes } from "node:crypto";
import { KmsError } from "./errors.ts";
import type { EncryptionContext, KeyStore, KmsKey } from "./keys.ts";

type Json = Record<string, unknown>;
export type Operation = (store: KeyStore, body: Json) => Json;

const SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
const DAY_MS = 86_400_000;
const seconds = (ms: number) => ms / 1000;
const invalid = (message: string) => new KmsError("ValidationException", message);

/** Blobs travel base64-encoded in JSON 1.1 bodies. */
function blob(body: Json, field: string, max: number): Buffer {
  const value = body[field];
  if (typeof value !== "string" || value.length === 0) throw invalid(`${field} is required.`);
  const bytes = Buffer.from(value, "base64");
  if (bytes.length < 1 || bytes.length > max) {
    throw invalid(
      `1 validation error detected: Value at '${field[0]?.toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
    );
  }
  return bytes;
}

function context(body: Json, field = "EncryptionContext"): EncryptionContext | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value))
    throw invalid(`${field} must be a map of strings.`);
  for (const entry of Object.values(value)) {
    if (typeof entry !== "string") throw invalid(`${field} must be a map of strings.`);
  }
  return value as EncryptionContext;
}

function algorithm(body: Json, field: string): void {
  const value = body[field];
  if (value !== undefined && value !== null && value !== SYMMETRIC_DEFAULT) {
    throw new KmsError(
      "InvalidKeyUsageException",
      `${String(value)} is not supported by symmetric keys; use ${SYMMETRIC_DEFAULT}.`,
    );
  }
}

/** DryRun checks everything, then answers as KMS does instead of acting. */
function dryRun(body: Json): void {
  if (body.DryRun === true) {
    throw new KmsError(
      "DryRunOperationException",
      "The request would have succeeded, but the DryRun option is set.",
    );
  }
}

function dataKeyLength(body: Json): number {
  const { KeySpec: spec, NumberOfBytes: bytes } = body;
  if (spec !== undefined && bytes !== undefined) {
    throw invalid("Please specify either number of bytes or key spec, not both.");
  }
  if (spec === "AES_256") return 32;
  if (spec === "AES_128") return 16;
  if (spec !== undefined) throw invalid(`KeySpec ${String(spec)} must be AES_256 or AES_128.`);
  if (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw invalid(
      bytes === undefined
        ? "Please specify either number of bytes or key spec."
        : "NumberOfBytes must be an integer between 1 and 1024.",
    );
  }
  return bytes;
}

function page<T>(items: T[], body: Json, max: number, fallback: number) {
  const limit = body.Limit ?? fallback;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalid(`Limit must be between 1 and ${max}.`);
  }
  let start = 0;
  if (body.Marker !== undefined) {
    start = Number(Buffer.from(String(body.Marker), "base64url").toString("utf8"));
    if (!Number.isInteger(start) || start < 0)
      throw new KmsError("InvalidMarkerException", "Invalid Marker.");
  }
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return {
    slice,
    Truncated: truncated,
    ...(truncated ? { NextMarker: Buffer.from(String(start + limit)).toString("base64url") } : {}),
  };
}

function keyMetadata(store: KeyStore, key: KmsKey): Json {
  return {
    AWSAccountId: store.accountId,
    KeyId: key.id,
    Arn: key.arn,
    CreationDate: seconds(key.creationDate),
    Enabled: key.enabled,
    Description: key.description,
    KeyUsage: "ENCRYPT_DECRYPT",
    KeyState: key.enabled ? "Enabled" : "Disabled",
    Origin: "AWS_KMS",
    KeyManager: "CUSTOMER",
    CustomerMasterKeySpec: SYMMETRIC_DEFAULT,
    KeySpec: SYMMETRIC_DEFAULT,
    EncryptionAlgorithms: [SYMMETRIC_DEFAULT],
    MultiRegion: false,
  };
}

function generateDataKey(store: KeyStore, body: Json, withPlaintext: boolean): Json {
  const key = store.resolveEnabled(body.KeyId);
  const length = dataKeyLength(body);
  const encryptionContext = context(body);
  dryRun(body);
  const plaintext = randomBytes(length);
  return {
    KeyId: key.arn,
    CiphertextBlob: store.encrypt(key, plaintext, encryptionContext).toString("base64"),
    ...(withPlaintext ? { Plaintext: plaintext.toString("base64") } : {}),
  };
}

/** Opens a blob; with an explicit key, the blob must belong to that key, as KMS checks. */
function open(
  store: KeyStore,
  ciphertext: Buffer,
  keyId: unknown,
  encryptionContext?: EncryptionContext,
) {
  if (keyId !== undefined && keyId !== null) {
    const requested = store.resolve(keyId);
    if (store.keyOf(ciphertext).id !== requested.id) {
      throw new KmsError(
        "IncorrectKeyException",
        "The key ID in the request does not identify a KMS key that can perform this operation.",
      );
    }
  }
  return store.decrypt(ciphertext, encryptionContext);
}

function rotationPeriod(body: Json): number {
  const period = body.RotationPeriodInDays ?? 365;
  if (typeof period !== "number" || !Number.isInteger(period) || period < 90 || period > 2560) {
    throw invalid("RotationPeriodInDays must be between 90 and 2560.");
  }
  return period;
}

export const operations: Record<string, Operation> = {
  CreateKey(store, body) {
    if (body.KeyUsage !== undefined && body.KeyUsage !== "ENCRYPT_DECRYPT") {
      throw new KmsError(
        "UnsupportedOperationException",
        "Only ENCRYPT_DECRYPT keys are emulated.",
      );
    }
    for (const field of ["KeySpec", "CustomerMasterKeySpec"]) {
      if (body[field] !== undefined && body[field] !== SYMMETRIC_DEFAULT) {
        throw new KmsError(
          "UnsupportedOperationException",
          "Only SYMMETRIC_DEFAULT keys are emulated.",
        );
      }
    }
    if ((body.Origin ?? "AWS_KMS") !== "AWS_KMS" || body.MultiRegion === true) {
      throw new KmsError(
        "UnsupportedOperationException",
        "Only single-region AWS_KMS keys are emulated.",
      );
    }
    const tags = new Map<string, string>();
    for (const tag of Array.isArray(body.Tags) ? (body.Tags as Json[]) : []) {
      tags.set(String(tag.TagKey), String(tag.TagValue));
    }
    const description = typeof body.Description === "string" ? body.Description : "";
    return { KeyMetadata: keyMetadata(store, store.createKey({ description, tags })) };
  },

  DescribeKey: (store, body) => ({ KeyMetadata: keyMetadata(store, store.resolve(body.KeyId)) }),

  ListKeys(store, body) {
    const { slice, ...rest } = page(store.listKeys(), body, 1000, 100);
    return { Keys: slice.map((key) => ({ KeyId: key.id, KeyArn: key.arn })), ...rest };
  },

  EnableKey(store, body) {
    store.resolve(body.KeyId).enabled = true;
    return {};
  },

  DisableKey(store, body) {
    store.resolve(body.KeyId).enabled = false;
    return {};
  },

  CreateAlias(store, body) {
    store.createAlias(String(body.AliasName ?? ""), String(body.TargetKeyId ?? ""));
    return {};
  },

  DeleteAlias(store, body) {
    store.deleteAlias(String(body.AliasName ?? ""));
    return {};
  },

  ListAliases(store, body) {
    const keyId = body.KeyId === undefined ? undefined : store.resolve(body.KeyId).id;
    const aliases = store
      .listAliases()
      .filter((alias) => keyId === undefined || alias.keyId === keyId);
    const { slice, ...rest } = page(aliases, body, 100, 50);
    return {
      Aliases: slice.map((alias) => ({
        AliasName: alias.name,
        AliasArn: alias.arn,
        TargetKeyId: alias.keyId,
        CreationDate: seconds(alias.creationDate),
        LastUpdatedDate: seconds(alias.lastUpdatedDate),
      })),
      ...rest,
    };
  },

  GenerateDataKey: (store, body) => generateDataKey(store, body, true),

  GenerateDataKeyWithoutPlaintext: (store, body) => generateDataKey(store, body, false),

  Encrypt(store, body) {
    const key = store.resolveEnabled(body.KeyId);
    const plaintext = blob(body, "Plaintext", 4096);
    const encryptionContext = context(body);
    algorithm(body, "EncryptionAlgorithm");
    dryRun(body);
    return {
      KeyId: key.arn,
      CiphertextBlob: store.encrypt(key, plaintext, encryptionContext).toString("base64"),
      EncryptionAlgorithm: SYMMETRIC_DEFAULT,
    };
  },

  Decrypt(store, body) {
    const ciphertext = blob(body, "CiphertextBlob", 6144);
    algorithm(body, "EncryptionAlgorithm");
    const { key, plaintext } = open(store, ciphertext, body.KeyId, context(body));
    dryRun(body);
    return {
      KeyId: key.arn,
      Plaintext: plaintext.toString("base64"),
      EncryptionAlgorithm: SYMMETRIC_DEFAULT,
    };
  },

  ReEncrypt(store, body) {
    const ciphertext = blob(body, "CiphertextBlob", 6144);
    algorithm(body, "SourceEncryptionAlgorithm");
    algorithm(body, "DestinationEncryptionAlgorithm");
    const destination = store.resolveEnabled(body.DestinationKeyId);
    const source = open(
      store,
      ciphertext,
      body.SourceKeyId,
      context(body, "SourceEncryptionContext"),
    );
    dryRun(body);
    const reencrypted = store.encrypt(
      destination,
      source.plaintext,
      context(body, "DestinationEncryptionContext"),
    );
    return {
      CiphertextBlob: reencrypted.toString("base64"),
      SourceKeyId: source.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT,
      DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT,
    };
  },

  EnableKeyRotation(store, body) {
    const key = store.resolveEnabled(body.KeyId);
    const periodInDays = rotationPeriod(body);
    key.rotation = {
      enabled: true,
      periodInDays,
      nextRotationDate: Date.now() + periodInDays * DAY_MS,
    };
    return {};
  },

  DisableKeyRotation(store, body) {
    const key = store.resolveEnabled(body.KeyId);
    key.rotation = { enabled: false, periodInDays: key.rotation.periodInDays };
    return {};
  },

  GetKeyRotationStatus(store, body) {
    const key = store.resolve(body.KeyId);
    const { enabled, periodInDays, nextRotationDate } = key.rotation;
    return {
      KeyId: key.arn,
      KeyRotationEnabled: enabled,
      ...(enabled ? { RotationPeriodInDays: periodInDays } : {}),
      ...(nextRotationDate !== undefined ? { NextRotationDate: seconds(nextRotationDate) } : {}),
    };
  },

  /** New key material for new ciphertexts; older ciphertexts still decrypt, as in KMS. */
  RotateKeyOnDemand(store, body) {
    const key = store.resolveEnabled(body.KeyId);
    store.rotate(key);
    return { KeyId: key.arn };
  },
};
