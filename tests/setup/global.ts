import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "@cadence/local/sandbox/index";
import { startInfra } from "@cadence/local/stack";
import type { TestProject } from "vitest/node";

/**
 * Starts the local AWS stand-ins and the sandbox networks (with the mail outbox) once per run,
 * in memory, on free ports, with schedules firing exactly on time (tests of AWS's
 * within-the-minute firing start their own emulator). Test files read the environment through
 * tests/setup/env.ts.
 */
export default async function setup(project: TestProject) {
  const infra = await startInfra({ ports: "free", exactSchedules: true, stage: "test" });
  // Test files run at the same time: each fault and clock move must name its own account.
  const sandbox = await startSandbox(Number(new URL(infra.endpoints.networks).port), {
    shared: true,
  });
  project.provide("stackEnv", infra.env);
  // Test workers are started after this and inherit the environment, whichever project they run.
  Object.assign(process.env, infra.env);
  process.env.CADENCE_STACK_STARTS = String(Number(process.env.CADENCE_STACK_STARTS ?? 0) + 1);
  // Names what the run's files share outside the stack (the site the browser tests build once).
  const runId = randomUUID();
  process.env.CADENCE_RUN_ID = runId;
  return async () => {
    await sandbox.close();
    await infra.close();
    const build = join(tmpdir(), `cadence-web-build-${runId}`);
    for (const path of [build, `${build}.lock`, `${build}.failed`])
      await rm(path, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}
