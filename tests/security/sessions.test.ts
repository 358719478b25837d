import { describe, expect, it } from "vitest";
import { call, refresh, refreshCookieOf, signUp } from "../support/api.ts";

// A stolen access token must stop working the moment its session ends, not 15 minutes later.

describe("access tokens end with their session", () => {
  it("sign-out ends the access token at once", async () => {
    const person = await signUp("stolen");
    expect((await call("GET", "/me", { token: person.accessToken })).status).toBe(200);
    expect((await call("POST", "/auth/sign-out", { token: person.accessToken })).status).toBe(204);
    const after = await call("GET", "/me", { token: person.accessToken });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("session_ended");
    const workspace = await call("GET", `/workspaces/${person.workspaceId}/posts`, {
      token: person.accessToken,
    });
    expect(workspace.status).toBe(401);
  });

  it("refresh-token reuse ends the access tokens of the session, the thief's and the owner's", async () => {
    const person = await signUp("replayed");
    const owner = await refresh<{ accessToken: string }>(person.refreshToken);
    expect(owner.status).toBe(200);
    // The thief replays the old refresh token: reuse is detected.
    const thief = await refresh(person.refreshToken);
    expect(thief.body.code).toBe("refresh_token_reused");
    for (const token of [person.accessToken, owner.body.accessToken]) {
      expect((await call("GET", "/me", { token })).status).toBe(401);
    }
    expect((await refresh(refreshCookieOf(owner) ?? "")).status).toBe(401);
  });

  it("signing out one session leaves the person's other sessions working", async () => {
    const person = await signUp("two-devices");
    const laptop = await refresh<{ accessToken: string }>(person.refreshToken);
    const phone = await call<{ accessToken: string }>("POST", "/auth/sign-in", {
      body: { email: person.email, password: "correct horse battery staple" },
    });
    await call("POST", "/auth/sign-out", { token: laptop.body.accessToken });
    expect((await call("GET", "/me", { token: laptop.body.accessToken })).status).toBe(401);
    expect((await call("GET", "/me", { token: phone.body.accessToken })).status).toBe(200);
  });

  it("forty concurrent refreshes with one token rotate it once and end the session, with no 5xx", async () => {
    const person = await signUp("race");
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => refresh(person.refreshToken)),
    );
    expect(answers.some((answer) => answer.status >= 500)).toBe(false);
    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
  });
});
