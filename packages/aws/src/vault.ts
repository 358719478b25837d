import {
  buildClient,
  CommitmentPolicy,
  getClient,
  getLocalCryptographicMaterialsCache,
  KmsKeyringNode,
  NodeCachingMaterialsManager,
} from "@aws-crypto/client-node";
import { KMS } from "@aws-sdk/client-kms";
import type { Vault } from "@cadence/core/ports";
import { Resource } from "sst";

/**
 * Envelope encryption with the AWS Encryption SDK: a KMS keyring on the stage's token key,
 * behind a caching materials manager so a warm function reuses a data key for many tokens
 * instead of calling KMS each time. The encryption context (workspace, account) is
 * authenticated: a sealed token only opens for the tenant it was sealed for.
 */
export interface VaultOptions {
  /** How long a cached data key may be used, and for how many messages. */
  maxAgeMs?: number;
  maxMessages?: number;
}

export function kmsVault(options: VaultOptions = {}): Vault {
  const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  let manager: NodeCachingMaterialsManager | undefined;
  const materials = () => {
    if (!manager) {
      // The keyring calls client.generateDataKey(...): the aggregated KMS client, not KMSClient.
      const keyring = new KmsKeyringNode({
        generatorKeyId: Resource.TokenKey.arn,
        clientProvider: getClient(KMS, {}),
      });
      manager = new NodeCachingMaterialsManager({
        backingMaterials: keyring,
        cache: getLocalCryptographicMaterialsCache(1000),
        maxAge: options.maxAgeMs ?? 5 * 60_000,
        maxMessagesEncrypted: options.maxMessages ?? 10_000,
      });
    }
    return manager;
  };

  return {
    async seal(plaintext, context) {
      const { result } = await encrypt(materials(), plaintext, { encryptionContext: context });
      return result.toString("base64");
    },
    async open(sealed, context) {
      const { plaintext, messageHeader } = await decrypt(
        materials(),
        Buffer.from(sealed, "base64"),
      );
      for (const [key, value] of Object.entries(context)) {
        if (messageHeader.encryptionContext[key] !== value) {
          throw new Error("the sealed value belongs to another tenant");
        }
      }
      return plaintext.toString("utf8");
    },
  };
}
