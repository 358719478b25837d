/**
 * `pnpm bench:burst [N]`: N targets (default 5,000) due in the same second on the local stack,
 * with the scheduler firing anywhere within the minute as AWS does. Prints publish lag from the
 * due time to the network call, completion time, DynamoDB capacity units and AWS requests per
 * published target, and what a million published posts cost at list prices.
 */
import { startSandbox } from "@cadence/local/sandbox/index";
import { startInfra } from "@cadence/local/stack";
import { median } from "../bundle/timing.ts";
import { percentileOf, printModel } from "./burst-aws.ts";

const count = Number(process.argv[2] ?? process.env.BURST_TARGETS ?? 5_000);
const accountsCount = Math.min(200, Math.max(10, Math.ceil(count / 25)));
const targetsPerPost = Math.min(25, accountsCount);

const infra = await startInfra({ ports: "free", exactSchedules: false, stage: "bench" });
const sandbox = await startSandbox(Number(new URL(infra.endpoints.networks).port));
Object.assign(process.env, infra.env, { POWERTOOLS_LOG_LEVEL: "ERROR" });

// Imported after the environment is set: `Resource` and the SDK clients read it once.
const { dynamo } = await import("@cadence/core/db/client");
const { withActor } = await import("@cadence/core/actor");
const { Credential } = await import("@cadence/core/credential");
const { Account } = await import("@cadence/core/account");
const { Post } = await import("@cadence/core/post");
const { adapterFor } = await import("@cadence/core/network");
const { handler } = await import("@cadence/functions/publish/handler");
const { startWorker } = await import("@cadence/local/worker");
const { queueArn, names } = await import("@cadence/local/resources");

// Every DynamoDB call reports the capacity it consumed.
const capacity = { read: 0, write: 0 };
let counting = false;
// Document-client commands (GetCommand, …) as well as the low-level ones (GetItemCommand, …).
const readCommands = /^(Get|BatchGet|Query|Scan|TransactGet)(Item|Items)?Command$/;
const byCommand: Record<string, number> = {};
dynamo.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as Record<string, unknown>;
    input.ReturnConsumedCapacity = "TOTAL";
    const result = await next(args);
    if (counting) {
      const output = result.output as { ConsumedCapacity?: unknown };
      const consumed = ([] as { CapacityUnits?: number }[]).concat(
        (output.ConsumedCapacity as never) ?? [],
      );
      // TOTAL reports one figure per call; the command says whether it read or wrote.
      const name = String(context.commandName);
      const kind = readCommands.test(name) ? "read" : "write";
      for (const c of consumed) {
        capacity[kind] += c.CapacityUnits ?? 0;
        byCommand[name] = (byCommand[name] ?? 0) + (c.CapacityUnits ?? 0);
      }
    }
    return result;
  },
  { step: "initialize", name: "consumedCapacity" },
);

const workspaceId = "ws_bench";
const system = { type: "system" as const, job: "bench", workspace: { workspaceId } };
const owner = {
  type: "user" as const,
  userId: "usr_bench",
  email: "bench@example.com",
  sessionId: "bench",
  workspace: { workspaceId, role: "owner" as const },
};
const { db } = await import("@cadence/core/db/service");
await db().entities.workspace.create({ workspaceId, name: "Bench" }).go();
// Up to two hundred accounts: more than the self-serve plans connect.
const { Billing } = await import("@cadence/core/billing");
await Billing.assign({ workspaceId, plan: "enterprise" });

// Accounts on the sandbox's Bluesky (app passwords: one request each).
const accounts: string[] = [];
for (let i = 0; i < accountsCount; i += 1) {
  const adapter = adapterFor("bluesky");
  if (adapter.connect.method !== "app_password")
    throw new Error("bluesky signs in with app passwords");
  const tokens = await adapter.connect.signIn({
    identifier: `bench${i}.test`,
    password: "app-password",
  });
  const profile = await adapter.profile(tokens);
  const account = await withActor(owner, () =>
    Account.connect({
      network: "bluesky",
      externalId: profile.externalId,
      handle: profile.handle,
      displayName: profile.displayName,
    }),
  );
  await withActor(system, () =>
    Credential.store({ workspaceId, accountId: account.id, network: "bluesky", tokens }),
  );
  accounts.push(account.id);
}

// Far enough ahead that every target goes through a one-time schedule, not straight to SQS.
infra.resetStats();
const due = new Date(Math.ceil((Date.now() + 135_000 + count * 50) / 1000) * 1000);
const posts = Math.ceil(count / targetsPerPost);
for (let p = 0; p < posts; p += 1) {
  const size = Math.min(targetsPerPost, count - p * targetsPerPost);
  await withActor(owner, () =>
    Post.create({
      text: `Burst ${p}`,
      targets: Array.from({ length: size }, (_, k) => ({
        accountId: accounts[(p * targetsPerPost + k) % accounts.length] as string,
      })),
      schedule: { mode: "at", at: due.toISOString(), timeZone: "UTC" },
    }),
  );
}
process.stderr.write(`burst: ${count} targets scheduled for ${due.toISOString()}\n`);
capacity.read = 0;
capacity.write = 0;
counting = true;

// Every batch's invocation is timed: the model below runs AWS's scaling on these durations.
const batchMs: number[] = [];
const timedHandler: typeof handler = async (event) => {
  const started = performance.now();
  try {
    return await handler(event);
  } finally {
    batchMs.push(performance.now() - started);
  }
};

// The event source mapping scales pollers with the backlog; locally, a fixed set.
const workers = Array.from({ length: 4 }, () =>
  startWorker({
    endpoint: infra.endpoints.sqs,
    queueUrl: infra.resources.publishQueueUrl,
    queueArn: queueArn(names.publishQueue),
    handler: timedHandler,
    concurrency: 3,
    waitTimeSeconds: 2,
  }),
);

const started = Date.now();
let published: { createdAt: string }[] = [];
for (;;) {
  // A busy sandbox may drop this poll (the publishes are what it is busy with): poll again.
  const response = await fetch(`${sandbox.url}/_sandbox/posts?network=bluesky`).catch(() => null);
  if (response?.ok) {
    published = (
      (await response.json()) as { posts: { text: string; createdAt: string }[] }
    ).posts.filter((p) => p.text.startsWith("Burst "));
  }
  if (published.length >= count || Date.now() - started > 900_000) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const completedMs = Date.now() - due.getTime();
counting = false;
await Promise.all(workers.map((w) => w.stop()));

const lags = published.map((p) => Date.parse(p.createdAt) - due.getTime()).sort((a, b) => a - b);
const pct = (q: number) =>
  lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? Number.NaN;
const stats = infra.stats();
const sum = (o: Record<string, number> | undefined) =>
  Object.values(o ?? {}).reduce((a, b) => a + b, 0);
const n = published.length || 1;
const per = (x: number) => (x / n).toFixed(3);
const schedulerRequests =
  (stats.scheduler?.CreateSchedule ?? 0) + (stats.scheduler?.DeleteSchedule ?? 0);
// Receives are reported apart and not priced per target: in AWS they are the event source
// mapping's own long polls (about one per batch under load); the local worker's count (two
// per batch, one per idle long poll) shows only that it does not busy-poll.
const sqsSends = (stats.sqs?.SendMessage ?? 0) + (stats.sqs?.SendMessageBatch ?? 0);
const sqsDeletes = (stats.sqs?.DeleteMessage ?? 0) + (stats.sqs?.DeleteMessageBatch ?? 0);
const prices = {
  write: 0.625,
  read: 0.125,
  sqs: 0.4,
  kms: 3,
  schedulerInvocation: 1,
  lambdaRequest: 0.2,
};
const costPerMillion =
  (capacity.write / n) * prices.write +
  (capacity.read / n) * prices.read +
  ((sqsSends + sqsDeletes) / n) * prices.sqs +
  (sum(stats.kms) / n) * prices.kms +
  ((stats.scheduler?.invocations ?? 0) / n) * prices.schedulerInvocation;

console.log(
  `burst: targets=${count} published=${published.length} lag_ms p50=${pct(0.5)} p95=${pct(0.95)} p99=${pct(0.99)} max=${lags.at(-1)} completed_after_due_ms=${completedMs} per_target: wcu=${per(capacity.write)} rcu=${per(capacity.read)} scheduler_api=${per(schedulerRequests)} scheduler_invocations=${per(stats.scheduler?.invocations ?? 0)} sqs_send=${per(sqsSends)} sqs_delete=${per(sqsDeletes)} sqs_receive_local=${per(stats.sqs?.ReceiveMessage ?? 0)} kms=${per(sum(stats.kms))} s3=0 cost_per_million_usd=${costPerMillion.toFixed(2)}`,
);
console.log(
  `burst: prices (us-east-1 list, USD per million): DynamoDB on-demand writes ${prices.write} / reads ${prices.read}, SQS requests ${prices.sqs}, KMS requests ${prices.kms}, Scheduler invocations ${prices.schedulerInvocation} (Lambda compute not included)`,
);
console.log(
  `burst: units by command per target: ${Object.entries(byCommand)
    .map(([name, units]) => `${name}=${per(units)}`)
    .join(" ")}; emulator requests: ${JSON.stringify(stats)}`,
);
console.log(
  `burst: local throughput_per_s=${(published.length / Math.max(1, completedMs / 1000)).toFixed(1)} batches=${batchMs.length} batch_ms p50=${median(batchMs).toFixed(0)} p99=${percentileOf(batchMs, 0.99).toFixed(0)}`,
);
await sandbox.close();
await infra.close();
await printModel(batchMs);
process.exit(0);
