import { startInfra } from "@cadence/local/stack";
import type { TestProject } from "vitest/node";

/**
 * Starts the local AWS stand-ins once per run, in memory, on free ports, with schedules firing
 * exactly on time (tests that need AWS's within-the-minute firing start their own emulator).
 * Test files read the environment through tests/setup/env.ts.
 */
export default async function setup(project: TestProject) {
  const infra = await startInfra({ ports: "free", exactSchedules: true, stage: "test" });
  project.provide("stackEnv", infra.env);
  return async () => {
    await infra.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}
