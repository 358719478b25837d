import { s3Blobs } from "@cadence/aws/blobs";
import { describe, expect, it } from "vitest";
import { call, mailTo, signUp } from "../support/api.ts";

// The local stack is configured as a preview stage without a verified sender is: its `Mail`
// resource says `delivery: "outbox"`, so every message lands in the stage's bucket.
describe("the stage outbox", () => {
  it("keeps a password reset mail in the stage's bucket, readable by address", async () => {
    const person = await signUp("outbox-reset");
    const request = await call("POST", "/auth/password-reset/request", {
      body: { email: person.email },
    });
    expect(request.status).toBe(202);

    const [mail] = await mailTo(person.email.toUpperCase());
    expect(mail?.subject).toBe("Your Cadence password reset code");
    expect(mail?.text).toMatch(/Your code is [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\./);

    // Stored in the Media bucket, as a preview stage stores it.
    const stored = await s3Blobs().list("outbox/all/", 1000);
    const bodies = await Promise.all(stored.map((key) => s3Blobs().read(key)));
    const texts = bodies.map((body) => JSON.parse(String(body)) as { to: string });
    expect(texts.some((m) => m.to === person.email)).toBe(true);
  });

  it("lists all mail newest first, and one recipient's only when asked", async () => {
    const first = await signUp("outbox-first");
    const second = await signUp("outbox-second");
    await call("POST", "/auth/password-reset/request", { body: { email: first.email } });
    await call("POST", "/auth/password-reset/request", { body: { email: second.email } });
    await call("POST", "/auth/password-reset/request", { body: { email: first.email } });

    const all = await call<{ items: { to: string; at: string; from: string; subject: string }[] }>(
      "GET",
      "/outbox?limit=100",
    );
    expect(all.status).toBe(200);
    // Each person also got their sign-up link: the reset codes are the three asked for here.
    const resetSubject = "Your Cadence password reset code";
    const ours = all.body.items.filter(
      (m) => [first.email, second.email].includes(m.to) && m.subject === resetSubject,
    );
    expect(ours.map((m) => m.to)).toEqual([first.email, second.email, first.email]);
    const times = all.body.items.map((m) => m.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(ours[0]?.from).toContain("no-reply@");

    const resets = async (email: string) =>
      (await mailTo(email)).filter((m) => m.subject === resetSubject).length;
    expect(await resets(first.email)).toBe(2);
    expect(await resets(second.email)).toBe(1);
  });

  it("refuses a limit out of range with a problem", async () => {
    const response = await call("GET", "/outbox?limit=5000");
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "invalid_input", field: "limit" });
  });
});
