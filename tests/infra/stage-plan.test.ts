import { describe, expect, it } from "vitest";
import { stagePlan } from "../../infra/stage-plan.ts";

// infra/stage.ts declares each stage from this plan (infra/networks.ts: the sandbox function
// only when `sandbox`; infra/auth.ts: a generated AuthSecret only when `generatedSecrets`).
describe("what each stage gets", () => {
  it("production declares no sandbox, generates no secret, keeps its key and needs a sender", () => {
    expect(() => stagePlan("production", {})).toThrow(/MAIL_SENDER/);
    const plan = stagePlan("production", { MAIL_SENDER: "no-reply@cadence.example" });
    expect(plan).toMatchObject({
      production: true,
      sandbox: false,
      relay: "host",
      generatedSecrets: false,
      keepKey: true,
      mail: { delivery: "ses", sender: "no-reply@cadence.example" },
    });
  });

  it.each(["pr-123", "pr-1", "ada", "staging"])(
    "%s declares the sandbox networks and makes its own secrets: a bare deploy works",
    (stage) => {
      const plan = stagePlan(stage, {});
      expect(plan).toMatchObject({
        production: false,
        sandbox: true,
        relay: "register",
        generatedSecrets: true,
        keepKey: false,
        mail: { delivery: "outbox" },
      });
    },
  );

  it("a preview stage with a verified sender sends real mail", () => {
    expect(stagePlan("pr-7", { MAIL_SENDER: " qa@cadence.example " }).mail).toEqual({
      delivery: "ses",
      sender: "qa@cadence.example",
    });
  });

  it("throttles the API per stage and caps publish consumers below the API's share", () => {
    const production = stagePlan("production", { MAIL_SENDER: "a@b.example" });
    const preview = stagePlan("pr-9", {});
    expect(preview.apiThrottle.rateLimit).toBeLessThan(production.apiThrottle.rateLimit);
    for (const plan of [production, preview]) {
      expect(plan.apiThrottle.burstLimit).toBeGreaterThanOrEqual(plan.apiThrottle.rateLimit);
      // Lambda's event source mapping accepts 2 to 1,000.
      expect(plan.publishMaxConcurrency).toBeGreaterThanOrEqual(2);
      // The account's default concurrency is 1,000: the consumers take a small part of it.
      expect(plan.publishMaxConcurrency).toBeLessThanOrEqual(100);
    }
  });
});
