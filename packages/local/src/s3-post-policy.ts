import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Writable } from "node:stream";

/**
 * S3 checks the signed policy of a browser POST upload (its expiry, every field's condition and
 * `content-length-range`) before it stores anything; s3rver accepts the form and ignores the
 * policy. This check runs in front of s3rver so a presigned POST is refused locally exactly
 * where AWS refuses it. Reference: "Creating a POST policy" in the Amazon S3 API reference.
 */

export interface PostPolicyFailure {
  status: 400 | 403;
  code: "AccessDenied" | "SignatureDoesNotMatch" | "EntityTooLarge" | "EntityTooSmall";
  message: string;
}

type Condition = Record<string, unknown> | unknown[];

interface Policy {
  expiration?: string;
  conditions?: Condition[];
}

/** Fields S3 never asks the policy to cover. */
const uncovered = new Set(["policy", "x-amz-signature", "file"]);

function hmac(key: Buffer | string, value: string): Buffer {
  return createHmac("sha256", key).update(value, "utf8").digest();
}

/** The policy's SigV4 signature with the secret of the credential named in the form. */
export function signPolicy(
  policyBase64: string,
  secretAccessKey: string,
  scope: { date: string; region: string },
) {
  const dateKey = hmac(`AWS4${secretAccessKey}`, scope.date);
  const signingKey = hmac(hmac(hmac(dateKey, scope.region), "s3"), "aws4_request");
  return hmac(signingKey, policyBase64).toString("hex");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a POST upload form against its policy. `fields` holds the form's text fields with
 * lower-cased names (S3 matches field names case-insensitively); `fileSize` is the file's bytes.
 * Returns why S3 would refuse it, or undefined when S3 would store it.
 */
export function checkPostPolicy(input: {
  bucket: string;
  fields: Map<string, string>;
  fileSize: number;
  secretFor: (accessKeyId: string) => string | undefined;
  now?: Date;
}): PostPolicyFailure | undefined {
  const { fields } = input;
  const denied = (message: string): PostPolicyFailure => ({
    status: 403,
    code: "AccessDenied",
    message,
  });
  const policyBase64 = fields.get("policy");
  const signature = fields.get("x-amz-signature");
  const credential = fields.get("x-amz-credential");
  // A private bucket takes no anonymous POSTs.
  if (!policyBase64 || !signature || !credential) {
    return denied("Access Denied: the form has no signed policy.");
  }
  const [accessKeyId = "", date = "", region = ""] = credential.split("/");
  const secret = input.secretFor(accessKeyId);
  if (!secret || !sameText(signPolicy(policyBase64, secret, { date, region }), signature)) {
    return {
      status: 403,
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided.",
    };
  }
  let policy: Policy;
  try {
    policy = JSON.parse(Buffer.from(policyBase64, "base64").toString("utf8")) as Policy;
  } catch {
    return denied("Invalid Policy: the policy is not JSON.");
  }
  const expiration = Date.parse(policy.expiration ?? "");
  if (Number.isNaN(expiration) || expiration < (input.now ?? new Date()).getTime()) {
    return denied("Invalid according to Policy: Policy expired.");
  }
  const covered = new Set<string>();
  const fieldValue = (name: string) =>
    name === "bucket" ? input.bucket : (fields.get(name.toLowerCase()) ?? "");
  for (const condition of policy.conditions ?? []) {
    if (Array.isArray(condition)) {
      const [operator, subject, expected] = condition;
      if (operator === "content-length-range") {
        const [min, max] = [Number(subject), Number(expected)];
        if (input.fileSize > max) {
          return {
            status: 400,
            code: "EntityTooLarge",
            message: "Your proposed upload exceeds the maximum allowed size.",
          };
        }
        if (input.fileSize < min) {
          return {
            status: 400,
            code: "EntityTooSmall",
            message: "Your proposed upload is smaller than the minimum allowed size.",
          };
        }
        continue;
      }
      const name = String(subject ?? "")
        .replace(/^\$/, "")
        .toLowerCase();
      covered.add(name);
      const actual = fieldValue(name);
      const matches =
        operator === "eq"
          ? actual === String(expected)
          : operator === "starts-with"
            ? actual.startsWith(String(expected))
            : false;
      if (!matches) {
        return denied(
          `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
        );
      }
    } else {
      for (const [name, expected] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if (fieldValue(name) !== String(expected)) {
          return denied(
            `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
          );
        }
      }
    }
  }
  for (const name of fields.keys()) {
    if (uncovered.has(name) || name.startsWith("x-ignore-") || covered.has(name)) continue;
    return denied(`Invalid according to Policy: Extra input fields: ${name}`);
  }
  return undefined;
}

/** The part of s3rver's Koa context this check uses. */
export interface S3Context {
  method: string;
  path: string;
  querystring: string;
  req: IncomingMessage;
  status: number;
  type: string;
  body: unknown;
  get(header: string): string;
  set(header: string, value: string): void;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Koa middleware for s3rver: refuses browser POST uploads that break their signed policy. */
export function enforcePostPolicy(secretFor: (accessKeyId: string) => string | undefined) {
  return async (ctx: S3Context, next: () => Promise<void>): Promise<void> => {
    const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
    const contentType = ctx.get("content-type");
    if (
      ctx.method !== "POST" ||
      !bucket ||
      ctx.querystring !== "" ||
      !contentType.startsWith("multipart/form-data")
    ) {
      return next();
    }
    const raw = await readAll(ctx.req);
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), {
        headers: { "content-type": contentType },
      }).formData();
    } catch {
      form = new FormData();
    }
    const fields = new Map<string, string>();
    let fileSize = 0;
    for (const [name, value] of form.entries()) {
      if (typeof value === "string") fields.set(name.toLowerCase(), value);
      else if (name.toLowerCase() === "file") fileSize = value.size;
    }
    const failure = checkPostPolicy({ bucket, fields, fileSize, secretFor });
    if (failure) {
      ctx.status = failure.status;
      // The local bucket's CORS rule allows every origin; S3 answers refusals with it too.
      if (ctx.get("origin")) ctx.set("access-control-allow-origin", "*");
      ctx.type = "application/xml";
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code><Message>${escapeXml(failure.message)}</Message></Error>`;
      return;
    }
    // The body has been read; s3rver pipes the request into its form parser, so hand it the bytes.
    ctx.req.pipe = <T extends NodeJS.WritableStream>(destination: T): T => {
      (destination as unknown as Writable).end(raw);
      return destination;
    };
    return next();
  };
}
