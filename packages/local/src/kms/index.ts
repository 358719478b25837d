import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KmsError } from "./errors.ts";
import { KeyStore } from "./keys.ts";
import { operations } from "./operations.ts";

export interface KmsEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  region?: string;
  accountId?: string;
  /** Keys to create at start: `alias/name` creates a key behind that alias, anything else is a key id. */
  keys?: string[];
  /**
   * Derives key ids and material from this secret instead of at random, so a dev stack that
   * keeps its DynamoDB data across restarts can still decrypt what it stored.
   */
  seed?: string;
  log?: (line: string) => void;
}

export interface KmsEmulator {
  url: string;
  port: number;
  /** The key ARN behind a key id, key ARN, alias name or alias ARN. */
  keyArn(aliasOrId: string): string;
  /** Requests per operation name. */
  stats(): Record<string, number>;
  resetStats(): void;
  close(): Promise<void>;
}

const TARGET_PREFIX = "TrentService.";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function respond(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "x-amzn-requestid": randomUUID(),
  });
  response.end(JSON.stringify(body));
}

/**
 * Starts a local AWS KMS on 127.0.0.1 speaking the JSON 1.1 protocol, with symmetric keys whose
 * material stays in memory: enough for @aws-sdk/client-kms and the Encryption SDK's KMS keyring.
 */
export async function startKmsEmulator(options: KmsEmulatorOptions = {}): Promise<KmsEmulator> {
  const log = options.log ?? (() => {});
  const store = new KeyStore(
    options.region ?? "us-east-1",
    options.accountId ?? "000000000000",
    options.seed,
  );
  for (const name of new Set(options.keys ?? [])) {
    if (name.startsWith("alias/")) {
      const id = options.seed
        ? createHash("sha256").update(`${options.seed}:${name}`).digest("hex").slice(0, 32)
        : undefined;
      store.createAlias(name, store.createKey({ id, description: name }).id);
    } else {
      store.createKey({ id: name, description: name });
    }
  }
  const counters = new Map<string, number>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = String(request.headers["x-amz-target"] ?? "");
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    const operation = request.method === "POST" ? operations[name] : undefined;
    try {
      if (!operation) {
        throw new KmsError(
          "UnknownOperationException",
          `Unknown operation ${target || request.method}.`,
        );
      }
      counters.set(name, (counters.get(name) ?? 0) + 1);
      const text = await readBody(request);
      let body: unknown = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        throw new KmsError("SerializationException", "The request body is not valid JSON.");
      }
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        throw new KmsError("SerializationException", "The request body is not a JSON object.");
      }
      respond(response, 200, operation(store, body as Record<string, unknown>));
    } catch (error) {
      if (error instanceof KmsError) {
        respond(response, error.status, { __type: error.code, message: error.message });
        return;
      }
      log(`kms: ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      respond(response, 500, { __type: "KMSInternalException", message: "Internal error." });
    }
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  log(`kms: listening on ${url}`);

  return {
    url,
    port,
    keyArn: (aliasOrId) => store.resolve(aliasOrId).arn,
    stats: () => Object.fromEntries(counters),
    resetStats: () => counters.clear(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
