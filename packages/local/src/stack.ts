import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateScheduleGroupCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { createTable, startDynamo } from "./dynamo.ts";
import { startKmsEmulator } from "./kms/index.ts";
import { claimPort, HOST } from "./net.ts";
import {
  type Endpoints,
  localCredentials,
  names,
  type ResolvedResources,
  region,
  stackEnvironment,
} from "./resources.ts";
import { startS3 } from "./s3.ts";
import { sandboxNetworkApps } from "./sandbox/config.ts";
import { startSchedulerEmulator } from "./scheduler/index.ts";
import { startSqs } from "./sqs.ts";

/** Every local service, its default port and the variable that moves it. */
export const services = {
  api: { label: "API", port: 3000, envVar: "CADENCE_API_PORT" },
  web: { label: "Web site", port: 4321, envVar: "CADENCE_WEB_PORT" },
  networks: { label: "Sandbox networks", port: 4600, envVar: "CADENCE_NETWORKS_PORT" },
  dynamodb: { label: "DynamoDB Local", port: 8000, envVar: "CADENCE_DYNAMODB_PORT" },
  sqs: { label: "SQS", port: 9324, envVar: "CADENCE_SQS_PORT" },
  s3: { label: "S3", port: 4569, envVar: "CADENCE_S3_PORT" },
  scheduler: { label: "EventBridge Scheduler", port: 4610, envVar: "CADENCE_SCHEDULER_PORT" },
  kms: { label: "KMS", port: 4620, envVar: "CADENCE_KMS_PORT" },
} as const;

export type ServiceName = keyof typeof services;

export interface InfraOptions {
  /** Fixed ports from the environment (dev), or free ones (tests). */
  ports: "defaults" | "free";
  /** Folder for DynamoDB and S3 data; omitted keeps everything in memory. */
  dataDir?: string;
  /** Fire schedules exactly at their time instead of anywhere within the minute, as AWS does. */
  exactSchedules?: boolean;
  stage?: string;
  log?: (service: ServiceName, line: string) => void;
}

export interface RunningInfra {
  endpoints: Endpoints;
  resources: ResolvedResources;
  env: Record<string, string>;
  /** AWS requests counted at the emulators, per service and operation. */
  stats(): Record<string, Record<string, number>>;
  resetStats(): void;
  close(): Promise<void>;
}

export async function portFor(name: ServiceName, mode: "defaults" | "free"): Promise<number> {
  const service = services[name];
  if (mode === "free") return claimPort(service.label, 0, service.envVar);
  const configured = Number(process.env[service.envVar] ?? service.port);
  return claimPort(service.label, configured, service.envVar);
}

/**
 * Starts the AWS stand-ins (DynamoDB Local, SQS, S3, Scheduler, KMS), creates the table, queues,
 * bucket, schedule group and token key that infra/ declares, and returns the environment that
 * points SST's `Resource` and the AWS SDK at them.
 */
export async function startInfra(options: InfraOptions): Promise<RunningInfra> {
  const closers: (() => Promise<void>)[] = [];
  const log = options.log;
  try {
    const ports = {
      dynamodb: await portFor("dynamodb", options.ports),
      sqs: await portFor("sqs", options.ports),
      s3: await portFor("s3", options.ports),
      scheduler: await portFor("scheduler", options.ports),
      kms: await portFor("kms", options.ports),
      api: await portFor("api", options.ports),
      web: await portFor("web", options.ports),
      networks: await portFor("networks", options.ports),
    };

    const dynamo = await startDynamo({
      port: ports.dynamodb,
      dataDir: options.dataDir ? join(options.dataDir, "dynamodb") : undefined,
      log: (line) => log?.("dynamodb", line),
    });
    closers.push(dynamo.close);
    await createTable(dynamo.endpoint, names.table);

    const sqs = await startSqs(ports.sqs);
    closers.push(sqs.close);

    const s3 = await startS3(ports.s3, options.dataDir ? join(options.dataDir, "s3") : undefined);
    closers.push(s3.close);

    const scheduler = await startSchedulerEmulator({
      port: ports.scheduler,
      sqsEndpoint: sqs.endpoint,
      exact: options.exactSchedules ?? false,
      region,
      log: (line) => log?.("scheduler", line),
    });
    closers.push(scheduler.close);
    const schedulerClient = new SchedulerClient({
      endpoint: scheduler.url,
      region,
      credentials: localCredentials,
    });
    await schedulerClient.send(new CreateScheduleGroupCommand({ Name: names.scheduleGroup }));
    schedulerClient.destroy();

    const secret = authSecret(options.dataDir);
    const kms = await startKmsEmulator({
      port: ports.kms,
      region,
      keys: [names.tokenKeyAlias],
      // Dev keeps its data across restarts, so its key must come back the same.
      seed: options.dataDir ? secret : undefined,
      log: (line) => log?.("kms", line),
    });
    closers.push(kms.close);

    const endpoints: Endpoints = {
      dynamodb: dynamo.endpoint,
      sqs: sqs.endpoint,
      s3: s3.endpoint,
      scheduler: scheduler.url,
      kms: kms.url,
      api: `http://${HOST}:${ports.api}`,
      web: `http://${HOST}:${ports.web}`,
      networks: `http://${HOST}:${ports.networks}`,
    };
    const resources: ResolvedResources = {
      // The sandbox's timeout fault holds an answer; give up on it sooner than on a real network.
      networkApps: sandboxNetworkApps(endpoints.networks, { timeoutMs: 5_000 }),
      stage: options.stage ?? "local",
      authSecret: secret,
      publishQueueUrl: sqs.publishQueueUrl,
      publishDlqUrl: sqs.publishDlqUrl,
      jobQueueUrl: sqs.jobQueueUrl,
      eventQueueUrl: sqs.eventQueueUrl,
      tokenKeyArn: kms.keyArn(names.tokenKeyAlias),
    };
    const env = stackEnvironment(endpoints, resources);

    return {
      endpoints,
      resources,
      env,
      stats: () => ({ scheduler: scheduler.stats(), kms: kms.stats(), sqs: sqs.stats() }),
      resetStats: () => {
        scheduler.resetStats();
        kms.resetStats();
        sqs.resetStats();
      },
      close: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

/** A random secret per test run; in dev, one kept in the data folder across restarts. */
function authSecret(dataDir?: string): string {
  if (!dataDir) return randomBytes(32).toString("base64url");
  const file = join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  for (const close of closers.reverse()) {
    await close().catch(() => undefined);
  }
}
