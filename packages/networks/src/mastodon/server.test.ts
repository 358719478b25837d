import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureOutbound } from "../kit/outbound.ts";
import type { NetworkConfig } from "../types.ts";
import { serverNameOf, serverOf } from "./api.ts";

const config = (api?: string): NetworkConfig => ({
  clientId: "",
  clientSecret: "",
  redirectUri: "https://api.example/connect/mastodon/callback",
  baseUrls: api ? { api } : {},
});

// The sandbox's stand-in, as a local stage allows it (CADENCE_OUTBOUND_ALLOW).
beforeAll(() => configureOutbound({ allowOrigins: ["http://127.0.0.1:4600"] }));
afterAll(() => configureOutbound({}));

describe("the Mastodon server a person types", () => {
  it("reads a name, an address or a whole handle as the server", () => {
    expect(serverNameOf("Mastodon.Social")).toBe("mastodon.social");
    expect(serverNameOf("  mastodon.social/ ")).toBe("mastodon.social");
    expect(serverNameOf("https://mastodon.social/")).toBe("mastodon.social");
    expect(serverNameOf("@nia@fosstodon.org")).toBe("fosstodon.org");
    expect(serverNameOf("nia@Fosstodon.org")).toBe("fosstodon.org");
  });

  it("sends mastodon.social to the stage's configured address for it, and other servers to themselves", () => {
    const local = config("http://127.0.0.1:4600/mastodon");
    expect(serverOf(local, "mastodon.social")).toBe("http://127.0.0.1:4600/mastodon");
    expect(serverOf(local, "@nia@mastodon.social")).toBe("http://127.0.0.1:4600/mastodon");
    expect(serverOf(local, "fosstodon.org")).toBe("https://fosstodon.org");
    expect(serverOf(config(), "mastodon.social")).toBe("https://mastodon.social");
  });

  it("refuses an address the outbound guard would not fetch, saying how to type one", () => {
    for (const typed of ["http://10.0.0.1", "https://user:pw@mastodon.social", "localhost"]) {
      let refused: unknown;
      try {
        serverOf(config(), typed);
      } catch (error) {
        refused = error;
      }
      expect(refused).toMatchObject({
        code: "invalid_server",
        userMessage: "That is not a Mastodon server address. Type it like mastodon.social.",
      });
    }
  });
});
