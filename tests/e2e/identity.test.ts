import { describe, expect, it } from "vitest";
import {
  call,
  mailTo,
  password,
  refresh,
  refreshCookieOf,
  signUp,
  signUpToken,
  uniqueEmail,
} from "../support/api.ts";

describe("sign-up and sign-in", () => {
  it("a new person gets tokens and a personal workspace they own", async () => {
    const person = await signUp("ada");
    const me = await call<{
      user: { email: string };
      workspaces: { id: string; role: string; personal: boolean }[];
    }>("GET", "/me", { token: person.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(person.email);
    expect(me.body.workspaces).toEqual([
      expect.objectContaining({ id: person.workspaceId, role: "owner", personal: true }),
    ]);
  });

  it("a second sign-up with a registered email, in any letter case, answers as a new one and mails the owner", async () => {
    const person = await signUp("dup");
    const again = await call("POST", "/auth/sign-up", {
      body: { email: person.email.toUpperCase(), password, name: "Dup" },
    });
    const fresh = await call("POST", "/auth/sign-up", {
      body: { email: uniqueEmail("fresh"), password, name: "Fresh" },
    });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(fresh.body);
    const [note] = await mailTo(person.email);
    expect(note?.subject).toBe("You already have a Cadence account");
  });

  it("a person signing up from a browser in New York gets a workspace scheduling in New York time", async () => {
    const email = uniqueEmail("ny");
    const started = await call("POST", "/auth/sign-up", {
      body: { email, password, name: "Nia", timeZone: "America/New_York" },
    });
    expect(started.status).toBe(202);
    const confirmed = await call<{ accessToken: string; workspaceId: string }>(
      "POST",
      "/auth/sign-up/confirm",
      { body: { token: await signUpToken(email) } },
    );
    const workspace = await call<{ timeZone: string }>(
      "GET",
      `/workspaces/${confirmed.body.workspaceId}`,
      { token: confirmed.body.accessToken },
    );
    expect(workspace.body.timeZone).toBe("America/New_York");
    const me = await call<{ user: { timeZone: string } }>("GET", "/me", {
      token: confirmed.body.accessToken,
    });
    expect(me.body.user.timeZone).toBe("America/New_York");
  });

  it("refuses a made-up time zone at sign-up with the field and a sentence", async () => {
    const response = await call("POST", "/auth/sign-up", {
      body: { email: uniqueEmail("tz"), password, name: "Tz", timeZone: "Mars/Olympus" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "invalid_input", field: "timeZone" });
    expect(String(response.body.detail)).toContain("IANA time zone");
  });

  it("refuses a short password with the field and a sentence", async () => {
    const response = await call("POST", "/auth/sign-up", {
      body: { email: uniqueEmail(), password: "short", name: "Shorty" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "invalid_input", field: "password" });
    expect(String(response.body.detail)).toContain("at least 10 characters");
  });

  it("signs in with the right password and not with a wrong one", async () => {
    const person = await signUp("sign-in");
    const good = await call("POST", "/auth/sign-in", { body: { email: person.email, password } });
    expect(good.status).toBe(200);
    expect(good.body.accessToken).toBeTruthy();
    const bad = await call("POST", "/auth/sign-in", {
      body: { email: person.email, password: "nope nope nope" },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe("invalid_credentials");
    const unknown = await call("POST", "/auth/sign-in", {
      body: { email: uniqueEmail(), password },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe("invalid_credentials");
  });

  it("locks sign-in for an email after five failures, even with the right password", async () => {
    const person = await signUp("locked");
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const bad = await call("POST", "/auth/sign-in", {
        body: { email: person.email, password: "wrong password!" },
      });
      expect(bad.status).toBe(401);
    }
    const locked = await call("POST", "/auth/sign-in", { body: { email: person.email, password } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe("too_many_sign_in_attempts");
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("sessions", () => {
  it("rotates the refresh token, and a reused one ends the whole session", async () => {
    const person = await signUp("rotate");
    const first = await refresh<{ accessToken: string }>(person.refreshToken);
    expect(first.status).toBe(200);
    const rotated = refreshCookieOf(first);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(person.refreshToken);
    expect(first.text).not.toContain(rotated);

    const replay = await refresh(person.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("refresh_token_reused");

    // The thief's replay also killed the legitimate holder's newer token.
    const legit = await refresh(rotated ?? "");
    expect(legit.status).toBe(401);
    // …and the access tokens of that session stop at once, not when they expire.
    const me = await call("GET", "/me", { token: first.body.accessToken });
    expect(me.status).toBe(401);
  });

  it("signing out ends the session's refresh token", async () => {
    const person = await signUp("out");
    const out = await call("POST", "/auth/sign-out", { token: person.accessToken });
    expect(out.status).toBe(204);
    const refreshed = await refresh(person.refreshToken);
    expect(refreshed.status).toBe(401);
  });

  it("signing out everywhere invalidates every access and refresh token", async () => {
    const person = await signUp("everywhere");
    const other = await call<{ accessToken: string }>("POST", "/auth/sign-in", {
      body: { email: person.email, password },
    });
    const out = await call("POST", "/auth/sign-out-everywhere", { token: person.accessToken });
    expect(out.status).toBe(204);
    const me = await call("GET", "/me", { token: other.body.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe("session_ended");
    const refreshed = await refresh(refreshCookieOf(other) ?? "");
    expect(refreshed.status).toBe(401);
  });

  it("signing out other sessions ends the others' access and refresh tokens and keeps this one", async () => {
    const person = await signUp("others");
    const phone = await call<{ accessToken: string }>("POST", "/auth/sign-in", {
      body: { email: person.email, password },
    });
    const out = await call("POST", "/auth/sign-out-others", { token: person.accessToken });
    expect(out.status).toBe(204);
    const lost = await call("GET", "/me", { token: phone.body.accessToken });
    expect(lost.status).toBe(401);
    expect(lost.body.code).toBe("session_ended");
    expect((await refresh(refreshCookieOf(phone) ?? "")).status).toBe(401);
    expect((await call("GET", "/me", { token: person.accessToken })).status).toBe(200);
    expect((await refresh(person.refreshToken)).status).toBe(200);
  });

  it("refuses a forged access token", async () => {
    const person = await signUp("forged");
    const [header, payload] = person.accessToken.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;
    const me = await call("GET", "/me", { token: forged });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe("unauthenticated");
  });
});

describe("password reset", () => {
  it("an emailed code sets a new password and ends old sessions", async () => {
    const person = await signUp("reset");
    const request = await call("POST", "/auth/password-reset/request", {
      body: { email: person.email },
    });
    expect(request.status).toBe(202);
    const [mail] = await mailTo(person.email);
    const code = /code is ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(mail?.text ?? "")?.[1];
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const newPassword = "a brand new passphrase";
    const confirm = await call("POST", "/auth/password-reset/confirm", {
      body: { email: person.email, code, newPassword },
    });
    expect(confirm.status).toBe(204);
    expect((await call("GET", "/me", { token: person.accessToken })).status).toBe(401);
    expect(
      (await call("POST", "/auth/sign-in", { body: { email: person.email, password } })).status,
    ).toBe(401);
    expect(
      (
        await call("POST", "/auth/sign-in", {
          body: { email: person.email, password: newPassword },
        })
      ).status,
    ).toBe(200);
    // A code works once.
    const again = await call("POST", "/auth/password-reset/confirm", {
      body: { email: person.email, code, newPassword: "yet another passphrase" },
    });
    expect(again.body.code).toBe("invalid_reset_code");
  });

  it("answers the same for an unknown email and sends nothing", async () => {
    const email = uniqueEmail("ghost");
    const request = await call("POST", "/auth/password-reset/request", { body: { email } });
    expect(request.status).toBe(202);
    expect(await mailTo(email)).toEqual([]);
  });

  it("a code dies after five wrong guesses", async () => {
    const person = await signUp("guess");
    await call("POST", "/auth/password-reset/request", { body: { email: person.email } });
    const [mail] = await mailTo(person.email);
    const code = /code is ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(mail?.text ?? "")?.[1] ?? "";
    const wrong = code === "0000-0000-0000" ? "1111-1111-1111" : "0000-0000-0000";
    for (let i = 0; i < 5; i += 1) {
      const guess = await call("POST", "/auth/password-reset/confirm", {
        body: { email: person.email, code: wrong, newPassword: "guessing passphrase" },
      });
      expect(guess.body.code).toBe("invalid_reset_code");
    }
    const right = await call("POST", "/auth/password-reset/confirm", {
      body: { email: person.email, code, newPassword: "guessing passphrase" },
    });
    expect(right.status).toBe(400);
    expect(right.body.code).toBe("invalid_reset_code");
  });
});
