import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
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
});
