import { describe, expect, it } from "vitest";
import {
  type BurstInput,
  concurrencyAt,
  mappingScaling,
  modelBurst,
  monthlyCost,
  publishMapping,
} from "../../infra/burst-model.ts";

const burst: BurstInput = {
  targets: 5_000,
  spreadMs: 0,
  batchSize: 10,
  batchMs: [300],
  coldStartMs: 400,
  warmInstances: 0,
  pollMs: 20,
  scaling: { mode: "standard" },
};

describe("the event source mapping's scaling", () => {
  it("standard mode starts at five concurrent batches and adds 300 a minute, up to 1,250", () => {
    const standard = { mode: "standard" } as const;
    expect(concurrencyAt(standard, 0)).toBe(5);
    expect(concurrencyAt(standard, 60_000)).toBe(305);
    expect(concurrencyAt(standard, 30 * 60_000)).toBe(mappingScaling.standard.maxConcurrency);
    expect(concurrencyAt({ mode: "standard", maximumConcurrency: 20 }, 60_000)).toBe(20);
  });

  it("provisioned mode starts at ten invokes per minimum poller and stops at the maximum", () => {
    const provisioned = { mode: "provisioned", minPollers: 50, maxPollers: 60 } as const;
    expect(concurrencyAt(provisioned, 0)).toBe(500);
    expect(concurrencyAt(provisioned, 6_000)).toBe(600);
    expect(concurrencyAt(provisioned, 60_000)).toBe(600);
  });
});

describe("the modelled lag of a burst", () => {
  it("one batch on a warm instance lags by the poll and the batch alone", () => {
    const outcome = modelBurst({ ...burst, targets: 10, warmInstances: 1 });
    expect(outcome.p99Ms).toBe(320);
    expect(outcome.coldStarts).toBe(0);
  });

  it("a cold instance adds its start to the batch it runs first, and only to that one", () => {
    const outcome = modelBurst({
      ...burst,
      targets: 20,
      scaling: { mode: "standard", maximumConcurrency: 1 },
    });
    expect(outcome.coldStarts).toBe(1);
    // First batch: 20 + 400 + 300; the second waits for the instance and runs warm.
    expect(outcome.maxMs).toBe(1_020);
  });

  it("standard mode queues a 5,000-target burst for seconds while it scales", () => {
    const outcome = modelBurst(burst);
    // Five batches at first, five more each second: about 40 by the time the backlog is gone.
    expect(outcome.peakConcurrency).toBeLessThan(60);
    expect(outcome.p99Ms).toBeGreaterThan(5_000);
  });

  it("the production mapping runs every batch of the burst at once, within the second", () => {
    const outcome = modelBurst({ ...burst, scaling: publishMapping.production });
    expect(outcome.peakConcurrency).toBe(500);
    expect(outcome.p99Ms).toBeLessThan(1_000);
  });

  it("slower batches or slower cold starts push the same configuration past the second", () => {
    const slow = modelBurst({ ...burst, batchMs: [700], scaling: publishMapping.production });
    expect(slow.p99Ms).toBeGreaterThan(1_000);
    const warmed = modelBurst({
      ...burst,
      batchMs: [700],
      warmInstances: 500,
      scaling: publishMapping.production,
    });
    expect(warmed.p99Ms).toBeLessThan(1_000);
  });
});

describe("the monthly cost of a configuration", () => {
  it("counts minimum pollers all month and warm instances for the hours they are kept", () => {
    const pollersOnly = monthlyCost({
      scaling: publishMapping.production,
      warmInstances: 0,
      memoryGb: 1,
      warmHours: 0,
    });
    expect(pollersOnly).toBeCloseTo(50 * 0.00185 * 730, 1);
    const standing = monthlyCost({
      scaling: { mode: "standard" },
      warmInstances: 500,
      memoryGb: 1,
      warmHours: 730,
    });
    expect(standing).toBeGreaterThan(4_000);
    expect(
      monthlyCost({ scaling: { mode: "standard" }, warmInstances: 0, memoryGb: 1, warmHours: 0 }),
    ).toBe(0);
  });
});
