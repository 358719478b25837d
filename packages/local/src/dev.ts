/**
 * `pnpm dev`: the whole product on 127.0.0.1 — the AWS stand-ins, the API, the publish worker,
 * the crons, the sandbox networks and the web site — with one prefixed log stream, stopped
 * together on Ctrl-C.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { serve } from "@hono/node-server";
import { eventDelivery } from "../../../infra/settings.ts";
import { startCrons } from "./crons.ts";
import { HOST, PortInUse, waitUntil } from "./net.ts";
import { names, queueArn } from "./resources.ts";
import { startSandbox } from "./sandbox/index.ts";
import { registerStripeWebhook } from "./sandbox/stripe/register.ts";
import { portFor, type ServiceName, services, startInfra } from "./stack.ts";
import { startWorker } from "./worker.ts";

const root = resolve(import.meta.dirname, "../../..");
// Local settings (ports, log level) from .env when present; see .env.example.
if (existsSync(resolve(root, ".env"))) process.loadEnvFile(resolve(root, ".env"));
const colours: Record<string, number> = {
  dynamodb: 33,
  sqs: 36,
  s3: 35,
  scheduler: 34,
  kms: 32,
  api: 92,
  worker: 93,
  cron: 96,
  networks: 95,
  web: 94,
  dev: 97,
};

const writeOut = process.stdout.write.bind(process.stdout);

function log(service: string, line: string): void {
  for (const part of line.split("\n")) {
    if (!part.trim()) continue;
    const tag = `\x1b[${colours[service] ?? 37}m${service.padEnd(9)}\x1b[0m`;
    writeOut(`${tag} │ ${part}\n`);
  }
}

// The API, worker and crons run in this process and log JSON lines to stdout; tag them too.
process.stdout.write = ((chunk: string | Uint8Array) => {
  log("app", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
  return true;
}) as typeof process.stdout.write;

async function main(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("dev", "stopping every service…");
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  try {
    log("dev", "starting the local stack (data in .local/)");
    const infra = await startInfra({
      ports: "defaults",
      dataDir: resolve(root, ".local"),
      log: (service: ServiceName, line) => log(service, line),
    });
    stops.push(infra.close);
    Object.assign(process.env, infra.env, {
      CADENCE_WEB_ORIGINS: infra.endpoints.web,
      // CloudWatch metric lines are for Lambda; locally they would bury the logs.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? "true",
    });

    // Imported after the environment is set: `Resource` and the SDK clients read it once.
    const { createApp } = await import("@cadence/functions/api/app");
    const apiPort = Number(new URL(infra.endpoints.api).port);
    const api = serve({ fetch: createApp().fetch, hostname: HOST, port: apiPort });
    stops.push(() => new Promise<void>((done) => api.close(() => done())));

    const sandbox = await startSandbox(Number(new URL(infra.endpoints.networks).port));
    stops.push(sandbox.close);
    // Stripe's events reach the API's webhook route, as an endpoint set up in Stripe's dashboard.
    await registerStripeWebhook(
      infra.endpoints.networks,
      `${infra.endpoints.api}/billing/stripe/webhook`,
    );

    const { handler } = await import("@cadence/functions/publish/handler");
    const worker = startWorker({
      endpoint: infra.endpoints.sqs,
      queueUrl: infra.resources.publishQueueUrl,
      queueArn: queueArn(names.publishQueue),
      handler,
      log: (line) => log("worker", line),
    });
    stops.push(worker.stop);

    // The jobs consumer (imports, exports, video processing): one job per batch, as in infra.
    const { handler: jobsHandler } = await import("@cadence/functions/jobs/handler");
    const jobsWorker = startWorker({
      endpoint: infra.endpoints.sqs,
      queueUrl: infra.resources.jobQueueUrl,
      queueArn: queueArn(names.jobQueue),
      handler: jobsHandler,
      batchSize: 1,
      functionName: "jobs",
      log: (line) => log("worker", line),
    });
    stops.push(jobsWorker.stop);

    // The events consumer (fan-out, webhook attempts, batched mail), batches as in infra.
    const { handler: eventsHandler } = await import("@cadence/functions/events/handler");
    const eventsWorker = startWorker({
      endpoint: infra.endpoints.sqs,
      queueUrl: infra.resources.eventQueueUrl,
      queueArn: queueArn(names.eventQueue),
      handler: eventsHandler,
      batchSize: eventDelivery.batchSize,
      functionName: "events",
      log: (line) => log("worker", line),
    });
    stops.push(eventsWorker.stop);

    stops.push(await startCrons((line) => log("cron", line)));

    const web = startWeb(infra.endpoints.web, infra.endpoints.api, infra.env);
    stops.push(() => stopChild(web));

    await waitUntil("API", () => fetchOk(`${infra.endpoints.api}/health`));
    await waitUntil("Web site", () => fetchOk(infra.endpoints.web), 120_000);

    const rows: [string, string][] = [
      ["Web site", infra.endpoints.web],
      ["API", infra.endpoints.api],
      ["API reference", `${infra.endpoints.api}/docs`],
      ["Health", `${infra.endpoints.api}/health`],
      ["Sandbox networks", infra.endpoints.networks],
      ["DynamoDB Local", infra.endpoints.dynamodb],
      ["SQS", infra.endpoints.sqs],
      ["S3", infra.endpoints.s3],
      ["EventBridge Scheduler", infra.endpoints.scheduler],
      ["KMS", infra.endpoints.kms],
    ];
    log("dev", "Cadence is up. Press Ctrl-C to stop.");
    for (const [label, url] of rows) log("dev", `  ${label.padEnd(22)} ${url}`);
  } catch (error) {
    if (error instanceof PortInUse) log("dev", error.message);
    else log("dev", `could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

function startWeb(webUrl: string, apiUrl: string, env: Record<string, string>): ChildProcess {
  const port = new URL(webUrl).port;
  const child = spawn(
    resolve(root, "web/node_modules/.bin/astro"),
    // --force: a dev server left over from a crash would otherwise keep this one from starting.
    ["dev", "--host", HOST, "--port", port, "--force"],
    {
      cwd: resolve(root, "web"),
      env: { ...process.env, ...env, PUBLIC_API_URL: apiUrl, ASTRO_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (chunk: Buffer) => log("web", chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => log("web", chunk.toString()));
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

async function fetchOk(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

// Ports are checked before anything starts, so a clash is reported before a half-started stack.
void Promise.all((Object.keys(services) as ServiceName[]).map((name) => portFor(name, "defaults")))
  .then(() => main())
  .catch((error: unknown) => {
    log("dev", error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
