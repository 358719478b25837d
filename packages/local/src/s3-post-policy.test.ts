import { describe, expect, it } from "vitest";
import { checkPostPolicy, signPolicy } from "./s3-post-policy.ts";

const secret = "S3RVER";
const scope = { date: "20260101", region: "us-east-1" };

function form(conditions: unknown[], extra: Record<string, string> = {}, expiration?: string) {
  const policy = Buffer.from(
    JSON.stringify({
      expiration: expiration ?? new Date(Date.now() + 60_000).toISOString(),
      conditions,
    }),
  ).toString("base64");
  return new Map(
    Object.entries({
      key: "uploads/a.png",
      "content-type": "image/png",
      "x-amz-credential": `S3RVER/${scope.date}/${scope.region}/s3/aws4_request`,
      policy,
      "x-amz-signature": signPolicy(policy, secret, scope),
      ...extra,
    }),
  );
}

const conditions = [
  { bucket: "media" },
  { key: "uploads/a.png" },
  ["eq", "$Content-Type", "image/png"],
  ["starts-with", "$x-amz-credential", "S3RVER/"],
  ["content-length-range", 1, 100],
];
const check = (fields: Map<string, string>, fileSize = 50) =>
  checkPostPolicy({ bucket: "media", fields, fileSize, secretFor: () => secret });

describe("the local S3's POST policy check", () => {
  it("accepts a form that meets its signed policy", () => {
    expect(check(form(conditions))).toBeUndefined();
  });

  it("refuses a file over content-length-range as S3 does (400 EntityTooLarge)", () => {
    expect(check(form(conditions), 101)).toMatchObject({ status: 400, code: "EntityTooLarge" });
  });

  it("refuses a field that breaks its condition", () => {
    const fields = form(conditions);
    fields.set("content-type", "text/html");
    expect(check(fields)).toMatchObject({ status: 403, code: "AccessDenied" });
  });

  it("refuses a field the policy does not cover", () => {
    expect(check(form(conditions, { acl: "public-read" }))).toMatchObject({
      status: 403,
      message: expect.stringContaining("Extra input fields: acl"),
    });
  });

  it("refuses an expired policy", () => {
    const expired = form(conditions, {}, new Date(Date.now() - 1000).toISOString());
    expect(check(expired)).toMatchObject({
      status: 403,
      message: expect.stringContaining("expired"),
    });
  });

  it("refuses a policy someone edited after signing", () => {
    const fields = form(conditions);
    const loosened = JSON.parse(Buffer.from(fields.get("policy")!, "base64").toString());
    loosened.conditions[4] = ["content-length-range", 1, 10_000_000];
    fields.set("policy", Buffer.from(JSON.stringify(loosened)).toString("base64"));
    expect(check(fields, 5000)).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  it("refuses a form with no policy at all", () => {
    const fields = new Map([["key", "uploads/a.png"]]);
    expect(check(fields)).toMatchObject({ status: 403, code: "AccessDenied" });
  });
});
