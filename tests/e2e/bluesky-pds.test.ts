import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppBskyEmbedImages, AppBskyFeedPost, AppBskyRichtextFacet, AtpAgent } from "@atproto/api";
import { Secp256k1Keypair } from "@atproto/crypto";
import { envToCfg, envToSecrets, PDS } from "@atproto/pds";
import {
  type AppPasswordConnect,
  configureOutbound,
  type Network,
  type TokenSet,
} from "@cadence/networks";
import { createBluesky } from "@cadence/networks/bluesky";
import { Database as PlcDatabase, PlcServer } from "@did-plc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Bluesky against a real PDS (@atproto/pds) rather than the sandbox stand-in: the PDS runs in
// this process over http on a free port, its data in a temp directory, and registers its did:plc
// accounts with an in-memory PLC directory (@did-plc/server with its mock database, as
// @atproto/dev-env does), which it also asks for the DID document it returns at sign-in.

/** A real 1×1 PNG, so the uploaded blob is an image by its bytes as well as by its declared type. */
const onePixelPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const handle = "alice.test";
let plc: PlcServer;
let pds: PDS;
let dataDirectory: string;
let pdsUrl: string;
let bluesky: Network;
let connect: AppPasswordConnect;
let did: string;
let appPassword: string;

beforeAll(async () => {
  plc = PlcServer.create({ db: PlcDatabase.mock(), port: 0 });
  const plcListener = await plc.start();
  const plcAddress = plcListener.address();
  if (!plcAddress || typeof plcAddress === "string") throw new Error("PLC is not on a TCP port");

  dataDirectory = await mkdtemp(join(tmpdir(), "cadence-pds-"));
  const port = await freePort();
  const rotationKey = await Secp256k1Keypair.create({ exportable: true });
  const env = {
    devMode: true,
    // "localhost" makes the PDS's public URL (and its DID documents' endpoint) http://localhost:<port>.
    hostname: "localhost",
    port,
    dataDirectory,
    blobstoreDiskLocation: join(dataDirectory, "blobs"),
    didPlcUrl: `http://localhost:${plcAddress.port}`,
    serviceHandleDomains: [".test"],
    inviteRequired: false,
    // createSession hands back the DID document, as bsky.social does; the adapter takes the PDS from it.
    enableDidDocWithSession: true,
    jwtSecret: "cadence-test-jwt-secret",
    adminPassword: "cadence-test-admin-password",
    plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotationKey.export()).toString("hex"),
    rateLimitsEnabled: false,
    crawlers: [],
  };
  pds = await PDS.create(envToCfg(env), envToSecrets(env));
  await pds.start();
  pdsUrl = `http://localhost:${port}`;
  // This test's own PDS is a local server: the outbound guard lets it through by name only.
  configureOutbound({ allowOrigins: [pdsUrl] });

  // The account and an app password for it, as a person would make them in the Bluesky app.
  const owner = new AtpAgent({ service: pdsUrl });
  const account = await owner.com.atproto.server.createAccount({
    handle,
    email: "alice@example.test",
    password: "alice-main-password",
  });
  did = account.data.did;
  await owner.resumeSession({ ...account.data, active: true });
  appPassword = (await owner.com.atproto.server.createAppPassword({ name: "Cadence" })).data
    .password;

  bluesky = createBluesky({
    baseUrls: { api: pdsUrl, web: pdsUrl },
    clientId: "",
    clientSecret: "",
    redirectUri: "",
  });
  if (bluesky.connect.method !== "app_password")
    throw new Error("Bluesky connects with an app password");
  connect = bluesky.connect;
}, 120_000);

afterAll(async () => {
  await pds?.destroy();
  await plc?.destroy();
  if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true });
});

describe("Bluesky against a local PDS", () => {
  let tokens: TokenSet;

  it("signs in with the app password and keeps the PDS from the did:plc document", async () => {
    tokens = await connect.signIn({ identifier: `@${handle}`, password: appPassword });
    expect(did).toMatch(/^did:plc:/);
    expect(tokens.context).toMatchObject({ did, handle, pds: pdsUrl, service: pdsUrl });
    const profile = await bluesky.profile(tokens);
    expect(profile).toMatchObject({ externalId: did, handle, displayName: handle });
  });

  it("publishes a post with a link, a mention and an image, and reads it back", async () => {
    const link = "https://example.com/launch?ref=cadence";
    // Non-ASCII text first, so the facets' byte offsets differ from string indexes.
    const text = `Café ☕ launch notes: ${link} — thanks @${handle}`;
    const result = await bluesky.publish({
      tokens,
      accountId: did,
      text,
      media: [
        {
          url: `data:image/png;base64,${onePixelPng.toString("base64")}`,
          mimeType: "image/png",
          sizeBytes: onePixelPng.byteLength,
          width: 1,
          height: 1,
          altText: "One pixel",
        },
      ],
      idempotencyKey: "bluesky-pds-1",
    });
    expect(result.externalId).toMatch(new RegExp(`^at://${did}/app\\.bsky\\.feed\\.post/`));
    const rkey = result.externalId.split("/").pop() ?? "";
    expect(result.url).toBe(`${pdsUrl}/profile/${handle}/post/${rkey}`);

    // Read back with @atproto/api, as any other client of the PDS would.
    const reader = new AtpAgent({ service: pdsUrl });
    const { data } = await reader.com.atproto.repo.getRecord({
      repo: did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    expect(data.uri).toBe(result.externalId);
    // The record as the lexicon has it; validation fails the test on any malformed field.
    const record = AppBskyFeedPost.validateRecord(data.value);
    if (!record.success) throw record.error;
    const post = record.value;
    expect(post.text).toBe(text);

    const bytes = (prefix: string) => Buffer.byteLength(prefix, "utf8");
    const linkStart = bytes(text.slice(0, text.indexOf(link)));
    const mentionStart = bytes(text.slice(0, text.indexOf(`@${handle}`)));
    expect(linkStart).toBeGreaterThan(text.indexOf(link));
    const facets = post.facets ?? [];
    expect(facets).toHaveLength(2);
    const linkFacet = facets.find((facet) => facet.features.some(AppBskyRichtextFacet.isLink));
    expect(linkFacet?.index).toEqual({ byteStart: linkStart, byteEnd: linkStart + bytes(link) });
    expect(linkFacet?.features).toEqual([{ $type: "app.bsky.richtext.facet#link", uri: link }]);
    const mention = facets.find((facet) => facet.features.some(AppBskyRichtextFacet.isMention));
    expect(mention?.index).toEqual({
      byteStart: mentionStart,
      byteEnd: mentionStart + bytes(`@${handle}`),
    });
    expect(mention?.features).toEqual([{ $type: "app.bsky.richtext.facet#mention", did }]);

    expect(post.embed?.$type).toBe("app.bsky.embed.images");
    const images = AppBskyEmbedImages.validateMain(post.embed);
    if (!images.success) throw images.error;
    const embed = images.value;
    expect(embed.images).toHaveLength(1);
    const [image] = embed.images;
    expect(image?.alt).toBe("One pixel");
    expect(image?.aspectRatio).toEqual({ width: 1, height: 1 });
    expect(image?.image.mimeType).toBe("image/png");
    expect(image?.image.size).toBe(onePixelPng.byteLength);
    // The blob the record points at holds the bytes that were uploaded.
    const blob = await reader.com.atproto.sync.getBlob({
      did,
      cid: image?.image.ref.toString() ?? "",
    });
    expect(Buffer.from(blob.data)).toEqual(onePixelPng);

    // findPost (the retry path's duplicate check) finds it on the PDS too.
    await expect(
      bluesky.findPost?.({
        tokens,
        accountId: did,
        idempotencyKey: "bluesky-pds-1",
        text,
        since: new Date(Date.now() - 60_000).toISOString(),
      }),
    ).resolves.toEqual({ externalId: result.externalId, url: result.url });
  });
});

/** A port nothing listens on now: the PDS needs its port up front to build its public URL. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}
