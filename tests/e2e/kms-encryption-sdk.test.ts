import {
  buildClient,
  CommitmentPolicy,
  getClient,
  getLocalCryptographicMaterialsCache,
  KmsKeyringNode,
  NodeCachingMaterialsManager,
} from "@aws-crypto/client-node";
import { KMS } from "@aws-sdk/client-kms";
import { type KmsEmulator, startKmsEmulator } from "@cadence/local/kms/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The keyring calls client.generateDataKey(...), so it takes the aggregated KMS client class.
let emulator: KmsEmulator;
let cmm: NodeCachingMaterialsManager;
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

beforeAll(async () => {
  emulator = await startKmsEmulator({ keys: ["alias/cadence-tokens"] });
  const keyring = new KmsKeyringNode({
    generatorKeyId: emulator.keyArn("alias/cadence-tokens"),
    clientProvider: getClient(KMS, {
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    }),
  });
  cmm = new NodeCachingMaterialsManager({
    backingMaterials: keyring,
    cache: getLocalCryptographicMaterialsCache(100),
    maxAge: 60_000,
    maxMessagesEncrypted: 1000,
  });
});

afterAll(async () => {
  await emulator?.close();
});

describe("AWS Encryption SDK against the local KMS", () => {
  it("round-trips a token with its tenant encryption context through the KMS keyring", async () => {
    const encryptionContext = { workspaceId: "ws_1", accountId: "acc_1" };
    const { result } = await encrypt(cmm, "oauth-access-token", { encryptionContext });
    const { plaintext, messageHeader } = await decrypt(cmm, result);
    expect(plaintext.toString("utf8")).toBe("oauth-access-token");
    expect(messageHeader.encryptionContext).toMatchObject(encryptionContext);
  });

  it("makes at most a couple of GenerateDataKey calls for fifty values with the caching CMM", async () => {
    emulator.resetStats();
    const encryptionContext = { workspaceId: "ws_2", accountId: "acc_2" };
    const ciphertexts = [];
    for (let i = 0; i < 50; i++) {
      ciphertexts.push((await encrypt(cmm, `token-${i}`, { encryptionContext })).result);
    }
    const generated = emulator.stats().GenerateDataKey ?? 0;
    expect(generated).toBeGreaterThanOrEqual(1);
    expect(generated).toBeLessThanOrEqual(2);
    const { plaintext } = await decrypt(cmm, ciphertexts[49] ?? Buffer.alloc(0));
    expect(plaintext.toString("utf8")).toBe("token-49");
  });
});
