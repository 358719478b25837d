import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { sqsDeadLetters } from "@cadence/aws/dead-letters";
import { sqsPublishQueue } from "@cadence/aws/queue";
import { eventBridgeScheduler } from "@cadence/aws/scheduler";
import { withActor } from "@cadence/core/actor";
import { Billing } from "@cadence/core/billing";
import { Credential } from "@cadence/core/credential";
import { documentClient } from "@cadence/core/db/client";
import { logger } from "@cadence/core/log";
import { providePorts } from "@cadence/core/ports";
import { Publish } from "@cadence/core/publish";
import { reconcile } from "@cadence/core/publish/reconcile";
import { handler } from "@cadence/functions/publish/handler";
import { awsPorts } from "@cadence/functions/wire";
import { queueArn } from "@cadence/local/resources";
import { startWorker } from "@cadence/local/worker";
import type { SQSEvent } from "aws-lambda";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Person, signUp } from "../support/api.ts";
import { connectWithTokens, sandboxFault, sandboxPosts } from "../support/publishing.ts";

/**
 * The whole pipeline under the faults AWS and the networks throw at it: every message
 * delivered twice, some lost, workers dying before the claim, after it and after the network
 * call, throttled writes, 5xx, timeouts, 429 with Retry-After, a revoked token and tokens
 * expiring mid-run, while people cancel and edit posts in the seconds around their due time.
 * Every target must end in exactly one terminal state, no network may receive a post twice,
 * nothing may go out after a cancel that answered 2xx or with text older than the last accepted
 * edit, nothing may be lost and every failure must say why.
 */
const networks = ["x", "bluesky", "linkedin", "threads", "mastodon"] as const;
const accountsPerNetwork = 30;
// Six hundred targets: every fault still strikes dozens of times (the run prints how often),
// and the file leaves the other worker room on a two-core machine (at two thousand it took
// most of the suite's wall time).
const postsCount = 60;
const targetsPerPost = 10;
const crashRate = 0.03;
/** Messages the queue "loses" (deleted unprocessed): only the reconcile sweep can recover them. */
const lossRate = 0.02;
/** Writes of this run's targets that DynamoDB refuses as throttled. */
const throttleRate = 0.02;

let owner: Person;
let workspaceId: string;
const accounts: { id: string; network: string; handle: string }[] = [];
const workers: { stop(): Promise<void> }[] = [];
const crashes = { before_claim: 0, after_claim: 0, after_network: 0 };
const faults = { lost: 0, throttled: 0 };
const lostTargets = new Set<string>();

beforeAll(async () => {
  // An isolated queue with a short visibility timeout, so crashed messages come back quickly.
  const sqs = new SQSClient({});
  const name = `chaos-${Date.now()}`;
  await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: "2",
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: queueArn(`${name}-dlq`),
          maxReceiveCount: 50,
        }),
      },
    }),
  );
  const queue = { url: QueueUrl ?? "", arn: queueArn(name) };
  providePorts({
    ...awsPorts(),
    scheduler: eventBridgeScheduler({ queue }),
    queue: sqsPublishQueue(queue.url),
    deadLetters: sqsDeadLetters(`${queue.url}-dlq`),
  });

  owner = await signUp("chaos");
  workspaceId = owner.workspaceId;
  // A hundred and fifty accounts: more than the self-serve plans connect.
  await Billing.assign({ workspaceId, plan: "enterprise" });
  for (const network of networks) {
    for (let i = 0; i < accountsPerNetwork; i += 1) {
      const handle =
        network === "bluesky"
          ? `chaos${i}-${Date.now()}.test`
          : `chaos${network}${i}${Date.now() % 100000}`;
      const connected = await connectWithTokens(owner, workspaceId, network, handle);
      accounts.push({ id: connected.account.id, network, handle: connected.profile.handle });
      // A few tokens expire mid-run: the first publish must refresh them, once, under races.
      if (i < 3 && connected.tokens.refreshToken) {
        await withActor({ type: "system", job: "chaos", workspace: { workspaceId } }, () =>
          Credential.store({
            workspaceId,
            accountId: connected.account.id,
            network,
            tokens: { ...connected.tokens, expiresAt: new Date(Date.now() + 60_000).toISOString() },
          }),
        );
      }
    }
  }

  // Faults at the networks: bursts of 5xx, slow answers past the timeout, 429s, one revoked
  // grant. Each is set on this run's own accounts, so other suites sharing the sandbox are
  // untouched.
  for (const [index, account] of accounts.entries()) {
    if (index % 4 === 0)
      await sandboxFault({
        network: account.network,
        account: account.handle,
        kind: "5xx",
        count: 3,
      });
    if (index % 5 === 1) {
      await sandboxFault({
        network: account.network,
        account: account.handle,
        kind: "429",
        count: 1,
        retryAfterSeconds: 1,
      });
    }
    if (index % 25 === 2) {
      await sandboxFault({
        network: account.network,
        account: account.handle,
        kind: "timeout",
        count: 1,
        delayMs: 6_000,
      });
    }
  }
  const revoked = accounts.find((a) => a.network === "x");
  await sandboxFault({ network: "x", account: revoked?.handle, kind: "revoked" });

  // Hundreds of deliberate crashes would drown the run's output; the summary line tells.
  logger.setLogLevel("CRITICAL");
  // Workers that die at each step, and every batch handed to two consumers at once.
  Publish.onStep((step) => {
    if (Math.random() < crashRate) {
      crashes[step] += 1;
      throw new Error(`chaos: worker died ${step}`);
    }
  });
  // Throttled writes: the real client refuses some of this workspace's target writes the way
  // DynamoDB does when a partition is over its throughput; each must be retried, never dropped.
  documentClient.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Key?: { pk?: unknown }; TransactItems?: unknown };
      const key = String(input.Key?.pk ?? "");
      if (key.startsWith(`ws#${workspaceId}#post#`) && Math.random() < throttleRate) {
        faults.throttled += 1;
        throw Object.assign(
          new Error("The level of configured provisioned throughput was exceeded."),
          {
            name: "ProvisionedThroughputExceededException",
          },
        );
      }
      return next(args);
    },
    { step: "initialize", name: "chaosThrottle" },
  );
  const twice = async (event: SQSEvent) => {
    // A few messages are lost: acknowledged without being processed.
    const kept = event.Records.filter((record) => {
      if (Math.random() >= lossRate) return true;
      faults.lost += 1;
      lostTargets.add(String(JSON.parse(record.body).targetId));
      return false;
    });
    if (kept.length === 0) return { batchItemFailures: [] };
    event = { Records: kept };
    const [a, b] = await Promise.all([handler(event), handler(event)]);
    const failed = new Set(
      [...a.batchItemFailures, ...b.batchItemFailures].map((f) => f.itemIdentifier),
    );
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
  for (let i = 0; i < 3; i += 1) {
    workers.push(
      startWorker({
        endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? "",
        queueUrl: queue.url,
        queueArn: queue.arn,
        handler: twice,
        concurrency: 2,
        waitTimeSeconds: 1,
      }),
    );
  }
}, 600_000);

afterAll(async () => {
  Publish.onStep(undefined);
  documentClient.middlewareStack.remove("chaosThrottle");
  await Promise.all(workers.map((w) => w.stop()));
});

describe("chaos", () => {
  it("every target ends once, nothing is posted twice, nothing is lost, every failure says why", async () => {
    // Far enough ahead that all posts exist before the first is due (creating 600 targets on a
    // busy machine takes a while), so the revoked account is not yet flagged while creating.
    const due = DateTime.now().plus({ seconds: 60 });
    const postIds: string[] = [];
    const versions: number[] = [];
    const dueOf: number[] = [];
    const actions: Promise<void>[] = [];
    // People acting in the seconds around the due time: every 10th post is canceled and every
    // 10th (offset 5) edited, each somewhere from 1.5 s before to 1.5 s after its time. What the
    // API answered is what must have happened.
    const canceled = new Set<number>();
    const edited = new Map<number, string>();
    async function act(p: number): Promise<void> {
      const id = postIds[p]!;
      if (p % 10 !== 0 && p % 10 !== 5) return;
      const at = dueOf[p]! - 1_500 + Math.random() * 3_000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
      if (p % 10 === 0) {
        const answer = await call("POST", `/workspaces/${workspaceId}/posts/${id}/cancel`, {
          token: owner.accessToken,
        });
        expect([200, 409, 412], answer.text).toContain(answer.status);
        if (answer.status === 200) canceled.add(p);
        return;
      }
      const text = `Chaos post ${p} of ${postsCount} (edited)`;
      const answer = await call("PATCH", `/workspaces/${workspaceId}/posts/${id}`, {
        token: owner.accessToken,
        body: { version: versions[p], text },
      });
      expect([200, 409, 412], answer.text).toContain(answer.status);
      if (answer.status === 200) edited.set(p, text);
    }
    for (let p = 0; p < postsCount; p += 1) {
      // Spread over ten seconds, and never sooner than creating them allows.
      const dueMs = Math.max(due.toMillis() + (p % 20) * 500, Date.now() + 5_000);
      const chosen = Array.from(
        { length: targetsPerPost },
        (_, k) => accounts[(p * targetsPerPost + k) % accounts.length]!,
      );
      const created = await call<{ id: string; version: number }>(
        "POST",
        `/workspaces/${workspaceId}/posts`,
        {
          token: owner.accessToken,
          body: {
            text: `Chaos post ${p} of ${postsCount}`,
            targets: chosen.map((a) => ({ accountId: a.id })),
            schedule: {
              mode: "at",
              at: new Date(dueMs).toISOString(),
              timeZone: "UTC",
            },
          },
        },
      );
      expect(created.status, created.text).toBe(201);
      postIds.push(created.body.id);
      versions.push(created.body.version);
      dueOf.push(dueMs);
      actions.push(act(p));
    }
    await Promise.all(actions);

    type Target = {
      id: string;
      accountId: string;
      state: string;
      error: { code: string; message: string } | null;
    };
    const terminal = new Set(["published", "failed", "needs_review", "canceled"]);
    const deadline = Date.now() + 420_000;
    let targets: Target[] = [];
    for (;;) {
      // Reconciliation runs as its cron would: now for lost messages, then with the clock past
      // every lease for dead workers.
      await reconcile();
      await reconcile(Date.now() + Publish.leaseMs + 1_000);
      targets = (
        await Promise.all(
          postIds.map(
            async (id) =>
              (
                await call<{ targets: Target[] }>("GET", `/workspaces/${workspaceId}/posts/${id}`, {
                  token: owner.accessToken,
                })
              ).body.targets,
          ),
        )
      ).flat();
      if (targets.every((t) => terminal.has(t.state)) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }

    // What each network received, per account and post (an edit changes the text, not the post).
    const received = new Map<string, number>();
    const textsOf = new Map<number, string[]>();
    for (const network of networks) {
      for (const post of (await sandboxPosts(network)).filter(
        (p) => p.text.startsWith("Chaos post") && !p.replyTo,
      )) {
        const p = Number(/^Chaos post (\d+) of/.exec(post.text)?.[1]);
        const key = `${network}|${post.account}|${p}`;
        received.set(key, (received.get(key) ?? 0) + 1);
        textsOf.set(p, [...(textsOf.get(p) ?? []), post.text]);
      }
    }
    const duplicates = [...received.values()].filter((n) => n > 1).length;
    const stuck = targets.filter((t) => !terminal.has(t.state)).length;
    const lost = targets.filter((t) => lostTargets.has(t.id) && !terminal.has(t.state)).length;
    const afterCancel = [...canceled].filter((p) => textsOf.has(p)).length;
    const staleText = [...edited].filter(([p, text]) =>
      (textsOf.get(p) ?? []).some((sent) => sent !== text),
    ).length;
    const count = (state: string) => targets.filter((t) => t.state === state).length;
    const unexplained = targets.filter(
      (t) =>
        t.state !== "published" && t.state !== "canceled" && !(t.error?.code && t.error.message),
    );
    const publishedTargets = count("published");

    console.log(
      `chaos: targets=${targets.length} published=${publishedTargets} failed=${count("failed")} needs_review=${count("needs_review")} duplicates=${duplicates} lost=${lost} after_cancel=${afterCancel} stale_text=${staleText} stuck=${stuck}`,
    );
    console.log(
      `chaos faults: crashes=${crashes.before_claim}/${crashes.after_claim}/${crashes.after_network} lost_messages=${faults.lost} throttled_writes=${faults.throttled} canceled_posts=${canceled.size} edited_posts=${edited.size}`,
    );
    expect(targets.length).toBe(postsCount * targetsPerPost);
    expect(lost).toBe(0);
    // Where a target is left, what it says about itself.
    expect(
      targets.filter((t) => !terminal.has(t.state)),
      "targets left in a state that is not final",
    ).toEqual([]);
    expect(stuck).toBe(0);
    expect(duplicates).toBe(0);
    expect(afterCancel).toBe(0);
    expect(staleText).toBe(0);
    // Every 2xx cancel left its post's targets canceled.
    expect(canceled.size).toBeGreaterThan(0);
    expect(unexplained).toEqual([]);
    // Every published target is on its network; a post may also be there for a target left for
    // review (its outcome could not be confirmed), never for a failed one.
    const onNetworks = [...received.values()].reduce((a, b) => a + b, 0);
    expect(onNetworks).toBeGreaterThanOrEqual(publishedTargets);
    expect(onNetworks).toBeLessThanOrEqual(publishedTargets + count("needs_review"));
    expect(crashes.before_claim + crashes.after_claim + crashes.after_network).toBeGreaterThan(0);
    expect(faults.lost).toBeGreaterThan(0);
    expect(faults.throttled).toBeGreaterThan(0);
  }, 900_000);
});
