import { describe, expect, it } from "vitest";
import type { ErrorReading } from "./error.ts";
import { NetworkError } from "./error.ts";
import { createHttp, retryAfterMs } from "./http.ts";

const now = Date.parse("2025-06-01T12:00:00Z");

describe("retryAfterMs", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "120" }), 429, now)).toBe(120_000);
    expect(
      retryAfterMs(new Headers({ "retry-after": "Sun, 01 Jun 2025 12:01:30 GMT" }), 503, now),
    ).toBe(90_000);
  });

  it("reads each network's rate-limit reset header, but only for a 429", () => {
    const epoch = String(now / 1000 + 60);
    expect(retryAfterMs(new Headers({ "x-rate-limit-reset": epoch }), 429, now)).toBe(60_000);
    expect(retryAfterMs(new Headers({ "ratelimit-reset": epoch }), 429, now)).toBe(60_000);
    expect(
      retryAfterMs(new Headers({ "x-ratelimit-reset": "2025-06-01T12:05:00.000Z" }), 429, now),
    ).toBe(300_000);
    expect(retryAfterMs(new Headers({ "x-rate-limit-reset": epoch }), 503, now)).toBeUndefined();
  });
});

function stub(status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch {
  return async () =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: {
        "content-type": typeof body === "string" ? "text/html" : "application/json",
        ...headers,
      },
    });
}

const readError = (body: unknown, status: number): ErrorReading => ({
  code: (body as { error?: string })?.error ?? `http_${status}`,
  detail: (body as { message?: string })?.message ?? "no detail",
});

async function failure(
  fetchImpl: typeof fetch,
  reader: (body: unknown, status: number) => ErrorReading = readError,
): Promise<NetworkError> {
  const http = createHttp({
    network: "mastodon",
    displayName: "Mastodon",
    readError: reader,
    fetch: fetchImpl,
  });
  try {
    await http.json({
      operation: "publish",
      url: "https://example.social/api/v1/statuses",
      bearer: "secret-token-123",
      json: {},
    });
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkError);
    return error as NetworkError;
  }
  throw new Error("expected a failure");
}

describe("createHttp classification", () => {
  it("5xx, 429 and no answer are transient; 401 is auth; other 4xx permanent", async () => {
    expect((await failure(stub(502, "<h1>Bad gateway</h1>"))).kind).toBe("transient");
    expect(
      (await failure(stub(429, { error: "limited" }, { "retry-after": "7" }))).retryAfterMs,
    ).toBe(7000);
    expect((await failure(stub(401, { error: "revoked" }))).kind).toBe("auth");
    expect((await failure(stub(422, { error: "invalid", message: "Text too long" }))).kind).toBe(
      "permanent",
    );
    const offline = await failure(async () => {
      throw new TypeError("fetch failed");
    });
    expect({ kind: offline.kind, code: offline.code }).toEqual({
      kind: "transient",
      code: "network_error",
    });
  });

  it("names the network in the sentence and never carries the token", async () => {
    const error = await failure(stub(422, { error: "invalid", message: "Text too long" }));
    expect(error.userMessage).toBe(
      "Mastodon refused the request: Text too long. Check the post and try again.",
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("secret-token-123");
  });
});

describe("createHttp answers", () => {
  const http = (fetchImpl: typeof fetch) =>
    createHttp({ network: "youtube", displayName: "YouTube", readError, fetch: fetchImpl });

  it("takes an accepted non-2xx status as an answer (YouTube's 308 Resume Incomplete)", async () => {
    const answer = await http(stub(308, "", { range: "bytes=0-262143" })).send({
      operation: "upload video",
      method: "PUT",
      url: "https://www.googleapis.com/upload/youtube/v3/videos?upload_id=1",
      accept: [308],
    });
    expect({ status: answer.status, range: answer.headers.get("range") }).toEqual({
      status: 308,
      range: "bytes=0-262143",
    });
  });

  it("keeps integers past 2^53 exact when asked (TikTok's post ids)", async () => {
    const body = '{"data":{"publicaly_available_post_id":[7291234567890123456],"n":3}}';
    const parsed = await http(async () => new Response(body)).json({
      operation: "check post",
      url: "https://open.tiktokapis.com/v2/post/publish/status/fetch/",
      integersAsText: true,
    });
    expect(parsed).toEqual({
      data: { publicaly_available_post_id: ["7291234567890123456"], n: 3 },
    });
  });

  it("uses the wait a body gives when the headers give none", async () => {
    const reading = (): ErrorReading => ({
      code: "quotaExceeded",
      detail: "quota",
      retryAfterMs: 5000,
      kind: "transient",
    });
    const error = await failure(stub(403, {}), reading);
    expect({ kind: error.kind, retryAfterMs: error.retryAfterMs }).toEqual({
      kind: "transient",
      retryAfterMs: 5000,
    });
  });
});
