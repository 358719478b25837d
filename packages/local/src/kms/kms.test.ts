import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisabledException,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetKeyRotationStatusCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  ListAliasesCommand,
  NotFoundException,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
} from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KmsEmulator, startKmsEmulator } from "./index.ts";

const ACCOUNT = "000000000000";
const context = { workspaceId: "ws_1", accountId: "acc_1" };

let emulator: KmsEmulator;
let kms: KMSClient;
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");

beforeAll(async () => {
  emulator = await startKmsEmulator({ keys: ["alias/cadence-tokens", "other-key"] });
  kms = new KMSClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
});

afterAll(async () => {
  kms?.destroy();
  await emulator?.close();
});

describe("KMS emulator", () => {
  it("decrypts a generated data key with its encryption context and no key id", async () => {
    const dataKey = await kms.send(
      new GenerateDataKeyCommand({
        KeyId: "alias/cadence-tokens",
        KeySpec: "AES_256",
        EncryptionContext: context,
      }),
    );
    expect(dataKey.Plaintext).toHaveLength(32);
    expect(dataKey.KeyId).toBe(emulator.keyArn("alias/cadence-tokens"));
    expect(
      Buffer.from(dataKey.CiphertextBlob ?? []).includes(Buffer.from(dataKey.Plaintext ?? [])),
    ).toBe(false);

    const decrypted = await kms.send(
      new DecryptCommand({
        CiphertextBlob: dataKey.CiphertextBlob,
        EncryptionContext: { ...context },
      }),
    );
    expect(
      Buffer.from(decrypted.Plaintext ?? []).equals(Buffer.from(dataKey.Plaintext ?? [])),
    ).toBe(true);
    expect(decrypted.KeyId).toBe(dataKey.KeyId);
    expect(decrypted.EncryptionAlgorithm).toBe("SYMMETRIC_DEFAULT");
  });

  it("refuses a different, partial or missing encryption context", async () => {
    const { CiphertextBlob } = await kms.send(
      new GenerateDataKeyWithoutPlaintextCommand({
        KeyId: "alias/cadence-tokens",
        NumberOfBytes: 16,
        EncryptionContext: context,
      }),
    );
    const contexts = [
      { ...context, workspaceId: "ws_2" },
      { workspaceId: "ws_1" },
      { ...context, extra: "x" },
      undefined,
    ];
    for (const EncryptionContext of contexts) {
      await expect(
        kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext })),
      ).rejects.toBeInstanceOf(InvalidCiphertextException);
    }
  });

  it("encrypts and decrypts a secret directly under a key", async () => {
    const keyArn = emulator.keyArn("other-key");
    const encrypted = await kms.send(
      new EncryptCommand({
        KeyId: keyArn,
        Plaintext: Buffer.from("refresh-token-123"),
        EncryptionContext: context,
      }),
    );
    expect(encrypted.KeyId).toBe(keyArn);
    const decrypted = await kms.send(
      new DecryptCommand({
        CiphertextBlob: encrypted.CiphertextBlob,
        EncryptionContext: context,
        KeyId: "other-key",
      }),
    );
    expect(text(decrypted.Plaintext)).toBe("refresh-token-123");
  });

  it("resolves a key by id, key ARN, alias name and alias ARN", async () => {
    const created = await kms.send(new CreateKeyCommand({ Description: "credentials" }));
    const keyId = created.KeyMetadata?.KeyId ?? "";
    const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`;
    expect(created.KeyMetadata).toMatchObject({
      Arn: keyArn,
      KeyState: "Enabled",
      KeySpec: "SYMMETRIC_DEFAULT",
    });
    await kms.send(new CreateAliasCommand({ AliasName: "alias/credentials", TargetKeyId: keyId }));

    for (const KeyId of [
      keyId,
      keyArn,
      "alias/credentials",
      `arn:aws:kms:us-east-1:${ACCOUNT}:alias/credentials`,
    ]) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
      expect(KeyMetadata?.Arn, KeyId).toBe(keyArn);
    }
    expect(emulator.keyArn("alias/credentials")).toBe(keyArn);
    const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: keyId }));
    expect(Aliases?.map((alias) => alias.AliasName)).toEqual(["alias/credentials"]);
    await expect(
      kms.send(new DescribeKeyCommand({ KeyId: "alias/missing" })),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it("refuses a tampered ciphertext", async () => {
    const { CiphertextBlob = new Uint8Array() } = await kms.send(
      new EncryptCommand({
        KeyId: "alias/cadence-tokens",
        Plaintext: Buffer.from("secret"),
        EncryptionContext: context,
      }),
    );
    for (const index of [1, 10, CiphertextBlob.length - 20, CiphertextBlob.length - 1]) {
      const tampered = Uint8Array.from(CiphertextBlob);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      await expect(
        kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })),
      ).rejects.toBeInstanceOf(InvalidCiphertextException);
    }
    await expect(
      kms.send(
        new DecryptCommand({
          CiphertextBlob: CiphertextBlob.subarray(0, 20),
          EncryptionContext: context,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
  });

  it("refuses to decrypt under another key's id with IncorrectKeyException", async () => {
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: "alias/cadence-tokens", Plaintext: Buffer.from("secret") }),
    );
    await expect(
      kms.send(new DecryptCommand({ CiphertextBlob, KeyId: "other-key" })),
    ).rejects.toBeInstanceOf(IncorrectKeyException);
  });

  it("answers NotFoundException for an unknown key and DisabledException for a disabled one", async () => {
    await expect(
      kms.send(
        new GenerateDataKeyCommand({
          KeyId: "7f1f0a52-0000-4000-8000-000000000000",
          KeySpec: "AES_256",
        }),
      ),
    ).rejects.toBeInstanceOf(NotFoundException);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const KeyId = KeyMetadata?.KeyId;
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId, Plaintext: Buffer.from("x") }),
    );
    await kms.send(new DisableKeyCommand({ KeyId }));
    await expect(
      kms.send(new GenerateDataKeyCommand({ KeyId, KeySpec: "AES_256" })),
    ).rejects.toBeInstanceOf(DisabledException);
    await expect(kms.send(new DecryptCommand({ CiphertextBlob }))).rejects.toBeInstanceOf(
      DisabledException,
    );
    await kms.send(new EnableKeyCommand({ KeyId }));
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe("x");
  });

  it("re-encrypts under another key and context without exposing the plaintext", async () => {
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({
        KeyId: "alias/cadence-tokens",
        Plaintext: Buffer.from("token"),
        EncryptionContext: context,
      }),
    );
    const moved = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob,
        SourceEncryptionContext: context,
        DestinationKeyId: "other-key",
        DestinationEncryptionContext: { workspaceId: "ws_1" },
      }),
    );
    expect(moved.SourceKeyId).toBe(emulator.keyArn("alias/cadence-tokens"));
    expect(moved.KeyId).toBe(emulator.keyArn("other-key"));
    const decrypted = await kms.send(
      new DecryptCommand({
        CiphertextBlob: moved.CiphertextBlob,
        EncryptionContext: { workspaceId: "ws_1" },
      }),
    );
    expect(text(decrypted.Plaintext)).toBe("token");
  });

  it("keeps old ciphertexts readable across key rotation", async () => {
    const KeyId = "alias/cadence-tokens";
    const before = await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("old") }));
    await kms.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: 90 }));
    expect(await kms.send(new GetKeyRotationStatusCommand({ KeyId }))).toMatchObject({
      KeyRotationEnabled: true,
      RotationPeriodInDays: 90,
    });
    await kms.send(new RotateKeyOnDemandCommand({ KeyId }));
    const after = await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("new") }));
    expect(
      text(
        (await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }))).Plaintext,
      ),
    ).toBe("old");
    expect(
      text(
        (await kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }))).Plaintext,
      ),
    ).toBe("new");
  });

  it("counts requests per operation", async () => {
    emulator.resetStats();
    const { CiphertextBlob } = await kms.send(
      new GenerateDataKeyCommand({
        KeyId: "other-key",
        KeySpec: "AES_128",
        EncryptionContext: context,
      }),
    );
    await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context }));
    await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context }));
    expect(emulator.stats()).toEqual({ GenerateDataKey: 1, Decrypt: 2 });
  });
});

describe("KMS emulator with a seed", () => {
  it("decrypts after a restart what it encrypted before, when started with the same seed", async () => {
    const client = (url: string) =>
      new KMSClient({
        endpoint: url,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
    const first = await startKmsEmulator({ keys: ["alias/dev-tokens"], seed: "dev-secret" });
    const before = client(first.url);
    const sealed = await before.send(
      new EncryptCommand({
        KeyId: "alias/dev-tokens",
        Plaintext: Buffer.from("refresh-token"),
        EncryptionContext: context,
      }),
    );
    before.destroy();
    await first.close();

    const second = await startKmsEmulator({ keys: ["alias/dev-tokens"], seed: "dev-secret" });
    const other = await startKmsEmulator({ keys: ["alias/dev-tokens"], seed: "another-secret" });
    const after = client(second.url);
    const stranger = client(other.url);
    try {
      expect(second.keyArn("alias/dev-tokens")).toBe(first.keyArn("alias/dev-tokens"));
      const opened = await after.send(
        new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }),
      );
      expect(text(opened.Plaintext)).toBe("refresh-token");
      await expect(
        stranger.send(
          new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }),
        ),
      ).rejects.toBeInstanceOf(InvalidCiphertextException);
    } finally {
      after.destroy();
      stranger.destroy();
      await second.close();
      await other.close();
    }
  });
});
