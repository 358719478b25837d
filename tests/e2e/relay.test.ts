import { relayApp } from "@cadence/functions/relay/handler";
import { Resource } from "sst";
import { describe, expect, it } from "vitest";
import { call, signUp } from "../support/api.ts";

// The OAuth relay as production hosts it, with the stage directory as a map (in AWS it reads the
// SSM parameters the stages write; packages/aws/src/stages.ts).
const stages = new Map([
  ["pr-12", "https://abc123.execute-api.us-east-1.amazonaws.com"],
  [Resource.App.stage, "http://127.0.0.1:3000/"],
]);
const relay = relayApp(async (stage) => stages.get(stage));

describe("the OAuth relay for preview stages", () => {
  it("a connection's state names this stage, so the relay can find it", async () => {
    const person = await signUp("relay");
    const started = await call<{ authorizationUrl: string }>(
      "POST",
      `/workspaces/${person.workspaceId}/connections`,
      { token: person.accessToken, body: { network: "x" } },
    );
    expect(started.status, started.text).toBe(201);
    const state = new URL(started.body.authorizationUrl).searchParams.get("state") ?? "";
    expect(state.startsWith(`${Resource.App.stage}.con_`)).toBe(true);

    const relayed = await relay.request(`/connect/x/callback?code=abc&state=${state}`);
    expect(relayed.status).toBe(302);
    const location = new URL(relayed.headers.get("location") ?? "");
    expect(location.origin).toBe("http://127.0.0.1:3000");
    expect(location.pathname).toBe("/connect/x/callback");
    expect(location.searchParams.get("code")).toBe("abc");
    expect(location.searchParams.get("state")).toBe(state);
  });

  it("sends another stage's callback to that stage's API, query unchanged", async () => {
    const state = `pr-12.con_${"0".repeat(26)}.${"a".repeat(32)}`;
    const relayed = await relay.request(
      `/connect/linkedin/callback?code=xyz&state=${encodeURIComponent(state)}`,
    );
    expect(relayed.status).toBe(302);
    expect(relayed.headers.get("location")).toBe(
      `https://abc123.execute-api.us-east-1.amazonaws.com/connect/linkedin/callback?code=xyz&state=${encodeURIComponent(state)}`,
    );
  });

  it.each([
    ["a state that is not Cadence's", "/connect/x/callback?code=1&state=evil", 400],
    ["no state", "/connect/x/callback?code=1", 400],
    [
      "a stage that is not registered",
      `/connect/x/callback?state=gone-1.con_${"0".repeat(26)}.${"a".repeat(32)}`,
      404,
    ],
    [
      "a network Cadence does not know",
      `/connect/evil/callback?state=pr-12.con_${"0".repeat(26)}.${"a".repeat(32)}`,
      404,
    ],
  ])("refuses %s, redirecting nowhere", async (_, path, status) => {
    const relayed = await relay.request(path);
    expect(relayed.status).toBe(status);
    expect(relayed.headers.get("location")).toBeNull();
    expect(await relayed.text()).toMatch(/<p>.+<\/p>/);
  });

  it("cannot be pointed at an address of the caller's choosing", async () => {
    const state = `pr-12.con_${"0".repeat(26)}.${"a".repeat(32)}`;
    const relayed = await relay.request(
      `/connect/x/callback?state=${state}&redirect=https://evil.example&returnTo=https://evil.example`,
    );
    expect(new URL(relayed.headers.get("location") ?? "").origin).toBe(
      "https://abc123.execute-api.us-east-1.amazonaws.com",
    );
  });
});
