import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";

const bucket = () => JSON.parse(process.env.SST_RESOURCE_Media ?? "{}").name as string;
const client = () =>
  new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === "true" });

describe("the local S3", () => {
  it("accepts a browser-style upload to a presigned PUT URL and serves it back", async () => {
    const key = `uploads/${crypto.randomUUID()}.txt`;
    const url = await getSignedUrl(
      client(),
      new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: "text/plain" }),
      { expiresIn: 300 },
    );
    const put = await fetch(url, {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: "hello from the browser",
    });
    expect(put.status).toBe(200);
    const object = await client().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    expect(await object.Body?.transformToString()).toBe("hello from the browser");
  });

  it("answers a CORS preflight for uploads from the site", async () => {
    const endpoint = process.env.AWS_ENDPOINT_URL_S3;
    const preflight = await fetch(`${endpoint}/${bucket()}/uploads/x.jpg`, {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:4321",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");
  });

  it("never shows half an object: reads and lists racing forty overwrites see whole bodies", async () => {
    const s3 = client();
    const prefix = `race/${crypto.randomUUID()}/`;
    const key = `${prefix}same.json`;
    // Bodies large enough that a write takes more than one chunk.
    const body = (n: number) => JSON.stringify({ n, pad: "x".repeat(256 * 1024) });
    await s3.send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body(-1) }));
    const writes = Array.from({ length: 40 }, (_, n) =>
      s3.send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body(n) })),
    );
    const reads = Array.from({ length: 40 }, async () => {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
      return JSON.parse((await got.Body?.transformToString()) ?? "") as { n: number };
    });
    // Other keys in a folder of the prefix come and go meanwhile (their folder emptied, removed).
    const churn = Array.from({ length: 20 }, async (_, n) => {
      const other = `${prefix}churn/${n}.json`;
      await s3.send(new PutObjectCommand({ Bucket: bucket(), Key: other, Body: body(n) }));
      await s3.send(new DeleteObjectCommand({ Bucket: bucket(), Key: other }));
    });
    const lists = Array.from({ length: 10 }, () =>
      s3.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix })),
    );
    const [, seen, listed] = await Promise.all([
      Promise.all(writes),
      Promise.all(reads),
      Promise.all(lists),
      Promise.all(churn),
    ]);
    for (const { n } of seen) expect(n).toBeGreaterThanOrEqual(-1);
    for (const list of listed) {
      expect(list.Contents?.map((item) => item.Key).filter((k) => !k?.includes("/churn/"))).toEqual(
        [key],
      );
    }
    // A key written is readable in full the moment its PUT answers.
    const fresh = `${prefix}fresh.json`;
    await s3.send(new PutObjectCommand({ Bucket: bucket(), Key: fresh, Body: body(7) }));
    const read = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: fresh }));
    expect(JSON.parse((await read.Body?.transformToString()) ?? "").n).toBe(7);
  });
});
