import { createApp } from "@cadence/functions/api/app";
import { describe, expect, it } from "vitest";
import { call, mailTo, password, signUp, uniqueEmail } from "../support/api.ts";

// Forty requests at once, as an attacker with a script would send them. Each comes "from" an
// address the way API Gateway reports it (requestContext.http.sourceIp), so this file's
// counters are its own.

const app = createApp();
let nextAddress = 10;
const freshAddress = () => `198.51.100.${nextAddress++}`;

async function post(path: string, body: unknown, sourceIp: string) {
  const response = await app.request(
    path,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    { event: { requestContext: { http: { sourceIp } } } },
  );
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { code?: string }) : {} };
}

const statuses = (answers: { status: number }[]) =>
  answers.reduce<Record<number, number>>((count, { status }) => {
    count[status] = (count[status] ?? 0) + 1;
    return count;
  }, {});

describe("sign-in guessing", () => {
  it("forty concurrent wrong guesses get five checks, the rest 429, and no 5xx", async () => {
    const victim = await signUp("burst");
    const address = freshAddress();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        post("/auth/sign-in", { email: victim.email, password: `guess number ${i}` }, address),
      ),
    );
    expect(statuses(answers)).toEqual({ 401: 5, 429: 35 });
  });

  it("the right password hidden among forty concurrent guesses, after the limit, does not sign in", async () => {
    const victim = await signUp("hidden");
    const address = freshAddress();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        post("/auth/sign-in", { email: victim.email, password: `warm up ${i}` }, address),
      ),
    );
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 23 ? password : `guess ${i}`));
    const answers = await Promise.all(
      guesses.map((guess) =>
        post("/auth/sign-in", { email: victim.email, password: guess }, address),
      ),
    );
    expect(statuses(answers)).toEqual({ 429: 40 });
  });

  it("an attacker's failures do not lock the victim out from their own address", async () => {
    const victim = await signUp("lockout");
    const attacker = freshAddress();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post("/auth/sign-in", { email: victim.email, password: `attack ${i}` }, attacker),
      ),
    );
    const blocked = await post("/auth/sign-in", { email: victim.email, password }, attacker);
    expect(blocked.status).toBe(429);
    const own = await post("/auth/sign-in", { email: victim.email, password }, freshAddress());
    expect(own.status).toBe(200);
  });

  it("one address spraying many emails is stopped by its own limit", async () => {
    const address = freshAddress();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        post(
          "/auth/sign-in",
          { email: uniqueEmail(`spray${i}`), password: "spray guess!" },
          address,
        ),
      ),
    );
    expect(statuses(answers)).toEqual({ 401: 30, 429: 10 });
  });
});

describe("reset codes", () => {
  async function requestCode(email: string, address: string) {
    return post("/auth/password-reset/request", { email }, address);
  }

  it("forty concurrent guesses with the right code among them: at most five checks, no 5xx, no takeover", async () => {
    const victim = await signUp("reset-burst");
    const address = freshAddress();
    expect((await requestCode(victim.email, address)).status).toBe(202);
    const [mail] = await mailTo(victim.email);
    const code = /code is (\S+)\./.exec(mail?.text ?? "")?.[1] ?? "";
    const wrong = (i: number) => `ZZZZ-ZZZZ-${String(i).padStart(4, "0")}`;
    // Five wrong guesses first, so the right one cannot be among the checked ones by luck.
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        post(
          "/auth/password-reset/confirm",
          { email: victim.email, code: wrong(i), newPassword: "attacker's passphrase" },
          address,
        ),
      ),
    );
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        post(
          "/auth/password-reset/confirm",
          {
            email: victim.email,
            code: i === 17 ? code : wrong(100 + i),
            newPassword: "attacker's passphrase",
          },
          freshAddress(),
        ),
      ),
    );
    expect(answers.some((answer) => answer.status >= 500)).toBe(false);
    expect(answers.some((answer) => answer.status === 204)).toBe(false);
    // The old password still works: nothing was taken over.
    const signIn = await post("/auth/sign-in", { email: victim.email, password }, freshAddress());
    expect(signIn.status).toBe(200);
  });

  it("asking for new codes does not re-arm guessing without limit", async () => {
    const victim = await signUp("rearm");
    const address = freshAddress();
    const requests = await Promise.all(
      Array.from({ length: 10 }, () => requestCode(victim.email, address)),
    );
    expect(statuses(requests)).toEqual({ 202: 3, 429: 7 });
    const fromElsewhere = await requestCode(victim.email, freshAddress());
    expect(fromElsewhere.status).toBe(429);
  });

  it("reset requests for unknown emails count the same, so the limit reveals nothing", async () => {
    const address = freshAddress();
    const unknown = uniqueEmail("nobody");
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => requestCode(unknown, address)),
    );
    expect(statuses(answers)).toEqual({ 202: 3, 429: 2 });
  });
});

describe("sign-up", () => {
  it("does not tell a registered email from a new one", async () => {
    const registered = await signUp("known");
    const address = freshAddress();
    const known = await post(
      "/auth/sign-up",
      { email: registered.email, password: "another passphrase", name: "Mallory" },
      address,
    );
    const fresh = await post(
      "/auth/sign-up",
      { email: uniqueEmail("new"), password: "another passphrase", name: "Mallory" },
      address,
    );
    expect(known).toEqual(fresh);
    expect(known.status).toBe(202);
  });

  it("a sign-in answer never carries the refresh token in its body", async () => {
    const person = await signUp("cookie");
    const response = await call("POST", "/auth/sign-in", {
      body: { email: person.email, password },
    });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty("refreshToken");
    const cookie = response.headers.getSetCookie().join("\n");
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/auth\/refresh/);
  });
});
