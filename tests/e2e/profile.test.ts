import { describe, expect, it } from "vitest";
import {
  call,
  mailTo,
  password,
  refresh,
  refreshCookieOf,
  signUp,
  uniqueEmail,
} from "../support/api.ts";

async function changeToken(to: string): Promise<string> {
  const mail = (await mailTo(to)).find((m) => m.subject === "Confirm your new email for Cadence");
  const token = /confirmation token: (\S+)/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error(`no change link mailed to ${to}`);
  return token;
}

describe("the person's own settings", () => {
  it("changes the name and zone, and refuses a zone that does not exist", async () => {
    const person = await signUp("profile");
    const saved = await call<{ name: string; timeZone: string }>("PATCH", "/me", {
      token: person.accessToken,
      body: { name: "Ada Lovelace", timeZone: "Europe/London" },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: "Ada Lovelace", timeZone: "Europe/London" });
    const me = await call<{ user: { name: string; timeZone: string } }>("GET", "/me", {
      token: person.accessToken,
    });
    expect(me.body.user).toMatchObject({ name: "Ada Lovelace", timeZone: "Europe/London" });

    const bad = await call("PATCH", "/me", {
      token: person.accessToken,
      body: { timeZone: "Mars/Olympus" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("timeZone");
    const empty = await call("PATCH", "/me", { token: person.accessToken, body: {} });
    expect(empty.status).toBe(400);
  });

  it("a password change needs the current password and signs out every other session", async () => {
    const person = await signUp("password-change");
    const laptop = await call<{ accessToken: string }>("POST", "/auth/sign-in", {
      body: { email: person.email, password },
    });
    const newPassword = "a much longer passphrase 2";

    const wrong = await call("POST", "/me/password", {
      token: person.accessToken,
      body: { currentPassword: "not the password", newPassword },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: "wrong_current_password", field: "currentPassword" });
    expect(JSON.stringify(wrong.body)).not.toContain("not the password");
    // Nothing changed: the other session still works.
    expect((await call("GET", "/me", { token: laptop.body.accessToken })).status).toBe(200);

    const same = await call("POST", "/me/password", {
      token: person.accessToken,
      body: { currentPassword: password, newPassword: password },
    });
    expect(same.body.code).toBe("same_password");

    const changed = await call("POST", "/me/password", {
      token: person.accessToken,
      body: { currentPassword: password, newPassword },
    });
    expect(changed.status).toBe(204);
    const lost = await call("GET", "/me", { token: laptop.body.accessToken });
    expect(lost.status).toBe(401);
    expect((await refresh(refreshCookieOf(laptop) ?? "")).status).toBe(401);
    expect((await call("GET", "/me", { token: person.accessToken })).status).toBe(200);

    const old = await call("POST", "/auth/sign-in", { body: { email: person.email, password } });
    expect(old.status).toBe(401);
    const fresh = await call("POST", "/auth/sign-in", {
      body: { email: person.email, password: newPassword },
    });
    expect(fresh.status).toBe(200);
  });

  it("two changes at once from the same current password: one wins, the other is refused", async () => {
    const person = await signUp("password-race");
    const answers = await Promise.all(
      ["first new passphrase", "second new passphrase"].map((newPassword) =>
        call("POST", "/me/password", {
          token: person.accessToken,
          body: { currentPassword: password, newPassword },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 400]);
    const signIns = await Promise.all(
      ["first new passphrase", "second new passphrase"].map((p) =>
        call("POST", "/auth/sign-in", { body: { email: person.email, password: p } }),
      ),
    );
    expect(signIns.filter((s) => s.status === 200)).toHaveLength(1);
  });

  it("API keys cannot change a person's password", async () => {
    const person = await signUp("password-key");
    const key = await call<{ key: string }>("POST", `/workspaces/${person.workspaceId}/api-keys`, {
      token: person.accessToken,
      body: { name: "bot", role: "admin" },
    });
    const answer = await call("POST", "/me/password", {
      token: key.body.key,
      body: { currentPassword: password, newPassword: "something else entirely" },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe("user_required");
  });

  it("an email change waits for the link mailed to the new address, which works once", async () => {
    const person = await signUp("email-change");
    const newEmail = uniqueEmail("email-moved");
    const wrong = await call("POST", "/me/email", {
      token: person.accessToken,
      body: { newEmail, currentPassword: "not the password" },
    });
    expect(wrong.body.code).toBe("wrong_current_password");
    expect(await mailTo(newEmail)).toEqual([]);

    const asked = await call("POST", "/me/email", {
      token: person.accessToken,
      body: { newEmail, currentPassword: password },
    });
    expect(asked.status).toBe(202);
    // Nothing changed yet: the old address still signs in.
    expect(
      (await call("POST", "/auth/sign-in", { body: { email: person.email, password } })).status,
    ).toBe(200);
    const token = await changeToken(newEmail);

    const forged = await call("POST", "/auth/email-change/confirm", {
      body: { token: `${token.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe("email_change_link_invalid");

    const confirmed = await call("POST", "/auth/email-change/confirm", { body: { token } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.email).toBe(newEmail);
    expect(
      (await call("POST", "/auth/sign-in", { body: { email: person.email, password } })).status,
    ).toBe(401);
    expect(
      (await call("POST", "/auth/sign-in", { body: { email: newEmail, password } })).status,
    ).toBe(200);
    // The team list shows the new address.
    const members = await call<{ items: { email: string }[] }>(
      "GET",
      `/workspaces/${person.workspaceId}/members`,
      { token: person.accessToken },
    );
    expect(members.body.items.map((m) => m.email)).toEqual([newEmail]);

    const again = await call("POST", "/auth/email-change/confirm", { body: { token } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("email_change_link_invalid");
  });

  it("an address that got its own account meanwhile is not taken over", async () => {
    const person = await signUp("email-race");
    const newEmail = uniqueEmail("email-claimed");
    await call("POST", "/me/email", {
      token: person.accessToken,
      body: { newEmail, currentPassword: password },
    });
    const token = await changeToken(newEmail);
    await signUp("email-claimed", newEmail);
    const refused = await call("POST", "/auth/email-change/confirm", { body: { token } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("email_taken");
    expect(
      (await call("POST", "/auth/sign-in", { body: { email: person.email, password } })).status,
    ).toBe(200);
  });
});
