import { describe, expect, it } from "vitest";
import { NetworkError } from "./error.ts";
import { retryAfterMs } from "./http.ts";
import {
  checkPublishingQuota,
  metaErrorReader,
  readInsights,
  waitForContainer,
} from "./meta-graph.ts";

const name = { network: "instagram", displayName: "Instagram" } as const;
const read = metaErrorReader(name);
const graph = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: `error ${code}`, type: "OAuthException", code, fbtrace_id: "x", ...extra },
});

describe("Meta Graph errors", () => {
  it("reads a lost token as auth, throttling as transient and a duplicate as permanent", () => {
    expect(read(graph(190, { error_subcode: 463 }), 400)).toMatchObject({
      code: "190/463",
      kind: "auth",
      userMessage: "Instagram says the access token is no longer valid. Reconnect the account.",
    });
    expect(read(graph(200), 403).kind).toBe("auth");
    for (const code of [4, 17, 32, 613, 80002])
      expect(read(graph(code), 400).kind).toBe("transient");
    expect(read(graph(9, { error_subcode: 2207042 }), 400).kind).toBe("transient");
    expect(read(graph(1, { is_transient: true }), 500).kind).toBe("transient");
    expect(read(graph(506), 400)).toMatchObject({ code: "506", kind: "permanent" });
  });

  it("prefers Meta's words for people and reads api.instagram.com's own shape", () => {
    expect(read(graph(100, { error_user_msg: "The caption is too long" }), 400).userMessage).toBe(
      "Instagram refused the post: The caption is too long. Edit the post and try again.",
    );
    expect(
      read({ error_type: "OAuthException", code: 400, error_message: "Invalid code" }, 400),
    ).toMatchObject({ code: "400", detail: "Invalid code", kind: "permanent" });
  });

  it("takes the wait from X-Business-Use-Case-Usage, whatever the status", () => {
    const usage = JSON.stringify({
      "123": [{ type: "pages", call_count: 100, estimated_time_to_regain_access: 7 }],
    });
    expect(retryAfterMs(new Headers({ "x-business-use-case-usage": usage }), 400)).toBe(420_000);
    const idle = JSON.stringify({ "123": [{ type: "pages", estimated_time_to_regain_access: 0 }] });
    expect(retryAfterMs(new Headers({ "x-business-use-case-usage": idle }), 400)).toBeUndefined();
  });
});

describe("Meta insights and quotas", () => {
  it("reads one number per metric, sums values by type and leaves missing metrics out", () => {
    const body = {
      data: [
        { name: "views", period: "lifetime", values: [{ value: 40 }] },
        { name: "post_reactions_by_type_total", values: [{ value: { like: 3, love: 2 } }] },
        { name: "reach", total_value: { value: 12 } },
      ],
    };
    expect(readInsights(name, "read metrics", body)).toEqual({
      views: 40,
      post_reactions_by_type_total: 5,
      reach: 12,
    });
  });

  it("waits an hour when the 24-hour publishing quota is spent", () => {
    const usage = (used: number) => ({
      data: [{ quota_usage: used, config: { quota_total: 100, quota_duration: 86400 } }],
    });
    expect(() => checkPublishingQuota(name, usage(99))).not.toThrow();
    try {
      checkPublishingQuota(name, usage(100));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({
        kind: "transient",
        code: "publishing_limit",
        retryAfterMs: 3_600_000,
      });
    }
  });

  it("polls a container until FINISHED, and names the reason for ERROR", async () => {
    const states = ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"];
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await waitForContainer(name, async () => ({ state: states.shift() ?? "FINISHED" }), { sleep });
    expect(waits).toEqual([1000, 2000]);
    await expect(
      waitForContainer(name, async () => ({ state: "ERROR", reason: "Unsupported video format" }), {
        sleep,
      }),
    ).rejects.toMatchObject({
      kind: "permanent",
      code: "container_error",
      userMessage:
        "Instagram could not use the media: Unsupported video format. Use a different file.",
    });
    await expect(
      waitForContainer(name, async () => ({ state: "EXPIRED" }), { sleep }),
    ).rejects.toMatchObject({ kind: "transient", code: "container_expired" });
  });
});
