import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SqsDelivery } from "./delivery.ts";
import { invalid, SchedulerError } from "./errors.ts";
import { ScheduleService } from "./schedules.ts";
import { TimerQueue } from "./timer.ts";

export { atExpressionInstant, pickInvocationTime } from "./expression.ts";
export { zonedTimeToUtc } from "./zone.ts";

export interface SchedulerEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The SQS endpoint that target and dead-letter queues live on. */
  sqsEndpoint: string;
  /** Invoke at the scheduled second instead of anywhere in the scheduled minute, as AWS does. */
  exact?: boolean;
  region?: string;
  accountId?: string;
  log?: (line: string) => void;
  /** The random source for invocation jitter and retry backoff; injectable for tests. */
  random?: () => number;
  /** First retry delay after a failed delivery (default 1 s); doubles per retry. */
  retryDelayMs?: number;
}

export interface SchedulerEmulator {
  url: string;
  port: number;
  /**
   * Requests per operation name (CreateSchedule, …) plus the firing counters: invocations
   * (occurrences fired), deliveries, failedAttempts, retries, deadLetters, droppedInvocations.
   */
  stats(): Record<string, number>;
  resetStats(): void;
  /** When a schedule's next invocation is armed for, if it has one. */
  nextInvocation(name: string, groupName?: string): Date | undefined;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Handler = (service: ScheduleService, name: string, body: Json, query: URLSearchParams) => Json;

/** The REST routes of the Scheduler API as @aws-sdk/client-scheduler serialises them. */
const routes: Record<string, Record<string, [operation: string, handler: Handler]>> = {
  schedules: {
    GET: ["ListSchedules", (s, _name, _body, query) => s.listSchedules(query)],
  },
  "schedules/{Name}": {
    POST: ["CreateSchedule", (s, name, body) => s.createSchedule(name, body)],
    PUT: ["UpdateSchedule", (s, name, body) => s.updateSchedule(name, body)],
    GET: ["GetSchedule", (s, name, _body, query) => s.getSchedule(name, query)],
    DELETE: ["DeleteSchedule", (s, name, _body, query) => s.deleteSchedule(name, query)],
  },
  "schedule-groups": {
    GET: ["ListScheduleGroups", (s, _name, _body, query) => s.listScheduleGroups(query)],
  },
  "schedule-groups/{Name}": {
    POST: ["CreateScheduleGroup", (s, name, body) => s.createScheduleGroup(name, body)],
    GET: ["GetScheduleGroup", (s, name) => s.getScheduleGroup(name)],
    DELETE: ["DeleteScheduleGroup", (s, name, _body, query) => s.deleteScheduleGroup(name, query)],
  },
  "tags/{Name}": {
    GET: ["ListTagsForResource", (s, arn) => s.listTagsForResource(arn)],
    POST: ["TagResource", (s, arn, body) => s.tagResource(arn, body)],
    DELETE: ["UntagResource", (s, arn, _body, query) => s.untagResource(arn, query)],
  },
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseBody(text: string): Json {
  if (!text) return {};
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Json;
  } catch {
    // Answered below.
  }
  throw invalid("The request body is not a JSON object.");
}

function respond(response: ServerResponse, status: number, body: Json, errorType?: string): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "x-amzn-requestid": randomUUID(),
    ...(errorType ? { "x-amzn-errortype": errorType } : {}),
  });
  response.end(JSON.stringify(body));
}

/**
 * Starts a local EventBridge Scheduler on 127.0.0.1 that speaks the service's REST-JSON protocol
 * and fires schedules into SQS queues on `sqsEndpoint`.
 */
export async function startSchedulerEmulator(
  options: SchedulerEmulatorOptions,
): Promise<SchedulerEmulator> {
  const log = options.log ?? (() => {});
  const random = options.random ?? Math.random;
  const counters = new Map<string, number>();
  const count = (name: string) => counters.set(name, (counters.get(name) ?? 0) + 1);
  const timers = new TimerQueue();
  const delivery = new SqsDelivery({
    sqsEndpoint: options.sqsEndpoint,
    timers,
    random,
    retryDelayMs: options.retryDelayMs ?? 1000,
    count,
    log,
  });
  const service = new ScheduleService({
    region: options.region ?? "us-east-1",
    accountId: options.accountId ?? "000000000000",
    exact: options.exact ?? false,
    random,
    timers,
    delivery,
    count,
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const [collection = "", rawName, ...rest] = url.pathname.split("/").filter(Boolean);
    const route = routes[rawName === undefined ? collection : `${collection}/{Name}`];
    const match = rest.length === 0 ? route?.[request.method ?? ""] : undefined;
    if (!match) {
      respond(
        response,
        404,
        { Message: `No operation at ${request.method} ${url.pathname}` },
        "UnknownOperationException",
      );
      return;
    }
    const [operation, handler] = match;
    count(operation);
    try {
      let name = "";
      try {
        name = rawName === undefined ? "" : decodeURIComponent(rawName);
      } catch {
        throw invalid(`Invalid path segment ${rawName}.`);
      }
      const body = parseBody(await readBody(request));
      respond(response, 200, handler(service, name, body, url.searchParams));
    } catch (error) {
      if (error instanceof SchedulerError) {
        respond(response, error.status, { Message: error.message }, error.code);
        return;
      }
      log(
        `scheduler: ${operation} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      respond(response, 500, { Message: "Internal error." }, "InternalServerException");
    }
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  log(`scheduler: listening on ${url}, delivering to SQS at ${options.sqsEndpoint}`);

  return {
    url,
    port,
    stats: () => Object.fromEntries(counters),
    resetStats: () => counters.clear(),
    nextInvocation: (name, groupName) => service.nextInvocation(name, groupName),
    close: async () => {
      timers.close();
      delivery.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
