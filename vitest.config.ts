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
    // One file at a time: the suites share one stack and one sandbox, and some set faults on a
    // network's endpoints that another file's calls would otherwise meet.
    maxWorkers: 1,
    fileParallelism: false,
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
          fileParallelism: false,
        },
      },
    ],
  },
});
