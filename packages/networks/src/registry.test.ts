import { describe, expect, it } from "vitest";
import type { ContentDraft } from "./kit/rules.ts";
import { isNetworkId, networkIds, registry } from "./registry.ts";

const emptyConfig = { baseUrls: {}, clientId: "", clientSecret: "", redirectUri: "" };
const picture = { mimeType: "image/jpeg", sizeBytes: 100_000, width: 1080, height: 1080 };

/** A post any network takes on its own (Instagram needs media; YouTube and TikTok need video). */
function baseDraft(id: string): ContentDraft {
  const needsVideo = id === "youtube" || id === "tiktok";
  const media = needsVideo
    ? [
        {
          mimeType: "video/mp4",
          sizeBytes: 1_000_000,
          durationSeconds: 10,
          width: 1080,
          height: 1920,
        },
      ]
    : [picture];
  return {
    text: "Hello",
    media,
    options: id === "pinterest" ? { boardId: "b1" } : id === "youtube" ? { title: "T" } : {},
  };
}

describe("the network registry", () => {
  it("describes every network id, under its own id", () => {
    expect(Object.keys(registry).sort()).toEqual([...networkIds].sort());
    for (const id of networkIds) {
      expect(registry[id].id).toBe(id);
      expect(registry[id].rules.network).toBe(id);
      expect(registry[id].create(emptyConfig).id).toBe(id);
    }
  });

  it("knows an id only when it is registered", () => {
    expect(isNetworkId("mastodon")).toBe(true);
    expect(isNetworkId("myspace")).toBe(false);
    expect(isNetworkId("toString")).toBe(false);
  });

  it.each(networkIds)("%s: what the description claims, the adapter does", async (id) => {
    const description = registry[id];
    // The loaded adapter, and the stand-in `create` gives before it loads: the same shape.
    const adapter = (await description.load())(emptyConfig);
    const standIn = description.create(emptyConfig);
    const { capabilities } = description;
    for (const network of [adapter, standIn]) {
      expect(network.id).toBe(id);
      expect(network.displayName).toBe(description.displayName);
      expect(network.connect.method).toBe(description.connect.method);
      expect(Boolean(network.recentPosts)).toBe(capabilities.autorepostSource);
      expect(Boolean(network.findPost)).toBe(capabilities.reconcile);
      expect(Boolean(network.accountMetrics)).toBe(capabilities.accountMetrics);
      expect(Boolean(network.webhook)).toBe(capabilities.webhooks);
    }
    expect(Boolean(standIn.connect.refresh)).toBe(Boolean(adapter.connect.refresh));
    expect(Boolean(standIn.connect.revoke)).toBe(Boolean(adapter.connect.revoke));
    expect(Boolean(description.registerApp)).toBe(description.connect.server === "required");
    const takesVideo = Object.values(description.media).some((policy) => policy.kinds.video);
    expect(takesVideo).toBe(capabilities.video);
  });

  it.each(networkIds)("%s: the rules refuse threads and first comments it cannot post", (id) => {
    const { rules, capabilities } = registry[id];
    expect(rules.validate(baseDraft(id))).toEqual([]);
    const threaded = rules.validate({ ...baseDraft(id), thread: [{ text: "And more" }] });
    expect(threaded.some((issue) => issue.field.startsWith("thread"))).toBe(!capabilities.threads);
    const commented = rules.validate({ ...baseDraft(id), firstComment: "First!" });
    expect(commented.some((issue) => issue.field === "firstComment")).toBe(
      !capabilities.firstComment,
    );
  });

  it.each(networkIds)("%s: text is counted in the unit it names, up to its limit", (id) => {
    const { rules, text } = registry[id];
    expect(text.unit.length).toBeGreaterThan(0);
    const longest = "a".repeat(rules.maxTextLength);
    expect(rules.countText(longest)).toBe(rules.maxTextLength);
    const over = rules.validate({ ...baseDraft(id), text: `${longest}a` });
    expect(over.map((issue) => issue.code)).toContain("text_too_long");
  });

  it("paces every network with a positive budget", () => {
    for (const id of networkIds) {
      const { perAccount, perApp } = registry[id].pacing;
      expect(perAccount.max).toBeGreaterThan(0);
      expect(perAccount.windowSeconds).toBeGreaterThan(0);
      if (perApp) expect(perApp.max).toBeGreaterThanOrEqual(perAccount.max);
    }
  });
});
