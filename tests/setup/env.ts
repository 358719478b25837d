import { inject } from "vitest";

// Runs before each test file: the same variables SST sets in Lambda, pointing at the stand-ins.
Object.assign(process.env, inject("stackEnv") ?? {}, {
  POWERTOOLS_LOG_LEVEL: "WARN",
  // Metrics lines (CloudWatch EMF) mean nothing outside Lambda; they would flood the output.
  POWERTOOLS_METRICS_DISABLED: "true",
  // Retries back off from a third of a second instead of half a minute.
  CADENCE_RETRY_BASE_MS: "300",
});
