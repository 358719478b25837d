import { networkIds } from "@cadence/networks";
import { describe, expect, it } from "vitest";
import { call, signUp, team } from "../support/api.ts";

interface NetworkInfo {
  id: string;
  name: string;
  connect: { method: string; server: string };
  text: { maxLength: number; counting: string; unit: string };
  media: { maxItems: number; required: boolean; byPostType: Record<string, unknown> };
  options: string[];
  pacing: { perAccount: { windowSeconds: number; max: number } };
  capabilities: Record<string, boolean>;
}

describe("GET /networks", () => {
  it("tells any signed-in person every network's rules, limits and capabilities", async () => {
    const person = await signUp("networks-reader");
    const answer = await call<{ items: NetworkInfo[] }>("GET", "/networks", {
      token: person.accessToken,
    });
    expect(answer.status).toBe(200);
    const byId = new Map(answer.body.items.map((network) => [network.id, network]));
    expect([...byId.keys()]).toEqual([...networkIds]);
    expect(byId.get("x")).toMatchObject({
      name: "X",
      connect: { method: "oauth", server: "none" },
      text: { maxLength: 280, counting: "weighted" },
      media: { maxItems: 4, required: false },
      capabilities: { threads: true, firstComment: true, autorepostSource: true },
      pacing: { perAccount: { windowSeconds: 86_400, max: 100 } },
    });
    expect(byId.get("mastodon")?.connect).toEqual({ method: "oauth", server: "required" });
    expect(byId.get("bluesky")?.connect.method).toBe("app_password");
    expect(byId.get("youtube")?.options).toEqual(["title", "privacy", "shorts"]);
    expect(Object.keys(byId.get("instagram")?.media.byPostType ?? {}).sort()).toEqual([
      "carousel",
      "feed",
      "reel",
      "story",
    ]);
    expect(byId.get("pinterest")?.capabilities.firstComment).toBe(false);
    // No adapter internals, app credentials or functions leak into the answer.
    expect(answer.text).not.toMatch(/clientSecret|clientId|baseUrls|validate/);
  });

  it("answers an API key too, and refuses a caller without a token", async () => {
    const { owner, workspaceId } = await team("networks-key");
    const key = await call<{ key: string }>("POST", `/workspaces/${workspaceId}/api-keys`, {
      token: owner.accessToken,
      body: { name: "catalogue", role: "viewer" },
    });
    expect(key.status).toBe(201);
    const withKey = await call<{ items: NetworkInfo[] }>("GET", "/networks", {
      token: key.body.key,
    });
    expect(withKey.status).toBe(200);
    expect(withKey.body.items).toHaveLength(networkIds.length);
    const anonymous = await call("GET", "/networks");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe("unauthenticated");
  });
});
