import { describe, expect, it } from "vitest";
import { type AdapterFactory, type LazyShape, lazyNetwork } from "./lazy.ts";
import type { Network, NetworkConfig } from "./types.ts";

const config: NetworkConfig = { baseUrls: {}, clientId: "id", clientSecret: "", redirectUri: "" };
const shape: LazyShape = {
  network: "bluesky",
  displayName: "Bluesky",
  method: "app_password",
  tokens: ["refresh"],
  findPost: true,
  recentPosts: false,
  accountMetrics: false,
  webhook: false,
};

/** A stand-in adapter module that counts how often it is imported and what it was given. */
function fakeModule() {
  const seen = { imports: 0, configs: [] as NetworkConfig[] };
  let failNext = false;
  const factory: AdapterFactory = (given) => {
    seen.configs.push(given);
    return {
      id: "bluesky",
      displayName: "Bluesky",
      connect: {
        method: "app_password",
        signIn: async (input) => ({ accessToken: `token for ${input.identifier}` }),
        refresh: async (tokens) => ({ ...tokens, accessToken: `${tokens.accessToken}+` }),
      },
      profile: async () => ({ externalId: "did:x", handle: "a", displayName: "A" }),
      publish: async (input) => ({ externalId: input.idempotencyKey, url: "https://bsky.app/x" }),
      findPost: async () => undefined,
      metrics: async () => ({ likes: 3 }),
    } satisfies Network;
  };
  const load = async () => {
    seen.imports += 1;
    if (failNext) {
      failNext = false;
      throw new Error("chunk missing");
    }
    return factory;
  };
  return { seen, load, failOnce: () => (failNext = true) };
}

describe("a lazily loaded network adapter", () => {
  it("loads nothing until a call needs the adapter, then loads once for every instance", async () => {
    const module = fakeModule();
    const create = lazyNetwork(shape, module.load);
    const first = create(config);
    const second = create({ ...config, clientId: "other" });
    expect(module.seen.imports).toBe(0);
    expect(first.connect.method).toBe("app_password");

    const published = await first.publish({
      tokens: { accessToken: "t" },
      accountId: "a",
      text: "hi",
      media: [],
      idempotencyKey: "k1",
    });
    expect(published.externalId).toBe("k1");
    expect(
      await second.metrics({ tokens: { accessToken: "t" }, accountId: "a", externalId: "e" }),
    ).toEqual({ likes: 3 });
    expect(module.seen.imports).toBe(1);
    // Each instance keeps its own configuration.
    expect(module.seen.configs.map((c) => c.clientId)).toEqual(["id", "other"]);
  });

  it("has exactly the optional methods its description claims", async () => {
    const network = lazyNetwork(shape, fakeModule().load)(config);
    expect(network.findPost).toBeTypeOf("function");
    expect(network.recentPosts).toBeUndefined();
    expect(network.webhook).toBeUndefined();
    expect(network.connect.refresh).toBeTypeOf("function");
    expect(network.connect.revoke).toBeUndefined();
    expect(await network.connect.refresh?.({ accessToken: "a" })).toEqual({ accessToken: "a+" });
  });

  it("tries the import again after it failed, instead of keeping the failure", async () => {
    const module = fakeModule();
    module.failOnce();
    const network = lazyNetwork(shape, module.load)(config);
    const tokens = { accessToken: "t" };
    await expect(network.profile(tokens)).rejects.toThrow("chunk missing");
    const retried = lazyNetwork(shape, module.load)(config);
    expect((await retried.profile(tokens)).handle).toBe("a");
    expect(module.seen.imports).toBe(2);
  });
});
