import { describe, expect, it } from "vitest";
import { readBlueskyError } from "../bluesky/errors.ts";
import { readMastodonError } from "../mastodon/errors.ts";
import { readXError } from "../x/errors.ts";
import { NetworkError } from "./error.ts";
import { readErrorBody } from "./error-body.ts";
import { createHttp } from "./http.ts";

const nginx503 = `<html>
<head><title>503 Service Temporarily Unavailable</title></head>
<body>
<center><h1>503 Service Temporarily Unavailable</h1></center>
<hr><center>nginx</center>
</body>
</html>`;

/** What the publish path sees: the NetworkError createHttp throws for one canned answer. */
async function failureFor(
  status: number,
  body: string,
  contentType: string,
  readError = readMastodonError,
): Promise<NetworkError> {
  const http = createHttp({
    network: "mastodon",
    displayName: "Mastodon",
    readError,
    fetch: async () => new Response(body, { status, headers: { "content-type": contentType } }),
  });
  try {
    await http.json({ operation: "publish", url: "https://example.social/api/v1/statuses" });
  } catch (error) {
    if (error instanceof NetworkError) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("error bodies of every shape read as a code and a sentence", () => {
  it("an HTML error page gives the status as code and the page title as detail", async () => {
    const error = await failureFor(503, nginx503, "text/html");
    expect(error.code).toBe("http_503");
    expect(error.detail).toBe("503 Service Temporarily Unavailable");
    expect(error.kind).toBe("transient");
    expect(error.userMessage).toBe(
      "Mastodon had a temporary problem (HTTP 503). Cadence will try again.",
    );
  });

  it("an HTML page refusing a request says so in words, not markup", async () => {
    const page = "<!DOCTYPE html><html><body><h1>Forbidden &amp; blocked</h1></body></html>";
    const error = await failureFor(403, page, "text/html; charset=utf-8");
    expect(error.code).toBe("http_403");
    expect(error.userMessage).toBe(
      "Mastodon refused the request: Forbidden & blocked. Check the post and try again.",
    );
  });

  it("an empty body gives the status as code", async () => {
    const error = await failureFor(502, "", "text/plain");
    expect({ code: error.code, detail: error.detail, kind: error.kind }).toEqual({
      code: "http_502",
      detail: "an empty response",
      kind: "transient",
    });
  });

  it("a JSON error is still read by the network's own reader", async () => {
    const error = await failureFor(
      422,
      JSON.stringify({ error: "Validation failed: Text character limit of 500 exceeded" }),
      "application/json",
    );
    expect(error.code).toBe("validation_failed");
    expect(error.userMessage).toBe(
      "Mastodon refused the post: Text character limit of 500 exceeded. Edit the post and try again.",
    );
  });

  it("a plain-text error keeps its first line as detail and a short code", async () => {
    const error = await failureFor(500, "Internal Server Error\nstack trace follows", "text/plain");
    expect(error.code).toBe("internal_server_error");
    expect(error.detail).toBe("Internal Server Error");
  });

  it("a long plain-text sentence never becomes a code", () => {
    const reading = readErrorBody(
      "The upstream service is currently undergoing scheduled maintenance, please retry later",
      503,
      readMastodonError,
    );
    expect(reading.code).toBe("http_503");
  });

  it("the same holds for every network's reader: HTML and empty bodies never reach them", () => {
    for (const reader of [readMastodonError, readBlueskyError, readXError]) {
      expect(readErrorBody(nginx503, 503, reader)).toEqual({
        code: "http_503",
        detail: "503 Service Temporarily Unavailable",
      });
      expect(readErrorBody(undefined, 504, reader).code).toBe("http_504");
    }
  });
});
