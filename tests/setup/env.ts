import { inject } from "vitest";

// Runs before each test file: the same variables SST sets in Lambda, pointing at the stand-ins.
Object.assign(process.env, inject("stackEnv") ?? {}, {
  POWERTOOLS_LOG_LEVEL: "WARN",
  // Retries back off from a third of a second instead of half a minute.
  CADENCE_RETRY_BASE_MS: "300",
});
