import { defineConfig } from "vitest/config";

// One runner, one local stack per run: the global setup starts the stand-ins (DynamoDB Local,
// SQS, S3, Scheduler, KMS, the sandbox networks) in memory on free ports and hands their
// addresses to every test file through tests/setup/env.ts.
const shared = {
  setupFiles: ["tests/setup/env.ts"],
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // At the root, so every project of a run shares one stack.
    globalSetup: ["tests/setup/global.ts"],
    pool: "forks",
    // Files run side by side on the one stack, three at a time: each has its own table, media
    // bucket and queues (tests/setup/env.ts), and the shared sandbox takes faults only for a named
    // account. Much of a file's time is spent waiting (on due times, queues, a browser), so with
    // two at a time the suite used about one of this machine's two cores (.ci/run prints
    // test_cpu_seconds beside test_seconds). CADENCE_TEST_WORKERS changes how many.
    maxWorkers: Number(process.env.CADENCE_TEST_WORKERS ?? 3),
    fileParallelism: true,
    // The JSON report feeds .ci/run's one-line summary.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "tests/artifacts/vitest.json" },
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: [
            "packages/*/src/**/*.test.ts",
            "functions/src/**/*.test.ts",
            "tests/infra/**/*.test.ts",
          ],
        },
      },
      { test: { ...shared, name: "e2e", include: ["tests/e2e/**/*.test.ts"] } },
      { test: { ...shared, name: "tenancy", include: ["tests/tenancy/**/*.test.ts"] } },
      // Attacks on Cadence as someone with the source in hand would try them (docs/security.md).
      {
        test: {
          ...shared,
          name: "security",
          include: ["tests/security/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          ...shared,
          name: "chaos",
          include: ["tests/chaos/**/*.test.ts"],
          testTimeout: 600_000,
        },
      },
      {
        test: {
          ...shared,
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          testTimeout: 180_000,
          // Each file drives chromium, a preview server and an API: side by side on two cores
          // their start-ups timed out, so browser files take turns (the other projects still
          // run beside them).
          fileParallelism: false,
        },
      },
    ],
  },
});
