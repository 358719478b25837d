import { CreateQueueCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { sqsDeadLetters } from "@cadence/aws/dead-letters";
import { withActor } from "@cadence/core/actor";
import { db } from "@cadence/core/db/service";
import { DeadLetter } from "@cadence/core/dead-letter";
import { type Ports, providePorts, usePorts } from "@cadence/core/ports";
import { Publish } from "@cadence/core/publish";
import { handler } from "@cadence/functions/publish/handler";
import { queueArn } from "@cadence/local/resources";
import { type RunningWorker, startWorker } from "@cadence/local/worker";
import { afterEach, describe, expect, it } from "vitest";

const sqs = new SQSClient({});
let worker: RunningWorker | undefined;
let ports: Ports | undefined;

afterEach(async () => {
  Publish.onStep(undefined);
  await worker?.stop();
  worker = undefined;
  if (ports) providePorts(ports);
  ports = undefined;
});

/**
 * A publish queue of its own with the DLQ the dead-letter list reads, redriving after
 * `maxReceiveCount` receives and a one-second visibility timeout, so a test need not wait out
 * the deployed three minutes.
 */
async function queueWithDlq(maxReceiveCount: number) {
  const name = `dlq-test-${crypto.randomUUID().slice(0, 8)}`;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: "1",
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: queueArn(`${name}-dlq`),
          maxReceiveCount,
        }),
      },
    }),
  );
  ports = usePorts();
  providePorts({ ...ports, deadLetters: sqsDeadLetters(dlq.QueueUrl ?? "") });
  return { name, url: queue.QueueUrl ?? "", dlqUrl: dlq.QueueUrl ?? "" };
}

/** A due, scheduled target on an active account in a fresh workspace. */
async function dueTarget() {
  const unique = () => crypto.randomUUID().replaceAll("-", "");
  const workspaceId = `ws_${unique()}`;
  const accountId = `acc_${unique()}`;
  // Target ids carry their post's 26-character id (core/post/ids.ts).
  const postId = `pst_${unique().slice(0, 26)}`;
  const targetId = `tgt_${postId.slice(4)}_0`;
  const dueAt = new Date().toISOString();
  await db().entities.workspace.create({ workspaceId, name: "Dead letters" }).go();
  await db()
    .entities.account.create({
      workspaceId,
      accountId,
      network: "bluesky",
      externalId: `did:plc:${accountId}`,
      handle: "dead.test",
      displayName: "Dead letters",
    })
    .go();
  await db()
    .entities.post.create({
      workspaceId,
      postId,
      authorId: "usr_test",
      text: "Never out",
      schedule: { mode: "at", at: dueAt, timeZone: "UTC" },
      status: "scheduled",
      createdMonth: dueAt.slice(0, 7),
    })
    .go();
  await db()
    .entities.target.create({
      workspaceId,
      postId,
      targetId,
      accountId,
      network: "bluesky",
      state: "scheduled",
      dueAt,
      dueMonth: dueAt.slice(0, 7),
    })
    .go();
  return { workspaceId, targetId, version: 1 };
}

const admin = (workspaceId: string) => ({
  type: "user" as const,
  userId: "usr_admin",
  email: "admin@example.com",
  sessionId: "test",
  workspace: { workspaceId, role: "admin" as const },
});

async function deadLettersOf(workspaceId: string, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const items = await withActor(admin(workspaceId), () => DeadLetter.list());
    if (items.length > 0 || Date.now() - started > timeoutMs) return items;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("dead letters tell the truth", () => {
  it("a message that crashes the consumer arrives with its receive count, last error and when", async () => {
    const queue = await queueWithDlq(3);
    const target = await dueTarget();
    let crashes = 0;
    Publish.onStep((step, targetId) => {
      if (step === "before_claim" && targetId === target.targetId) {
        crashes += 1;
        throw new Error(`store unavailable (crash ${crashes})`);
      }
    });
    const started = new Date().toISOString();
    worker = startWorker({
      endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? "",
      queueUrl: queue.url,
      queueArn: queueArn(queue.name),
      handler,
      concurrency: 1,
      waitTimeSeconds: 1,
      batchWindowSeconds: 0,
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify(target) }),
    );

    const [dead] = await deadLettersOf(target.workspaceId);
    expect(crashes).toBe(3);
    expect(dead).toMatchObject({ targetId: target.targetId, version: 1, receiveCount: 3 });
    expect(dead?.reason).toBe(
      "Cadence tried to publish this post 3 times and stopped each time on an error of its own, not the network's (the last: Error: store unavailable (crash 3)).",
    );
    expect(dead?.lastErrorAt && dead.lastErrorAt >= started).toBe(true);
    expect(dead?.lastErrorAt && dead.lastErrorAt <= new Date().toISOString()).toBe(true);
  });

  it("a message the scheduler could not deliver says so, with no receives", async () => {
    const queue = await queueWithDlq(3);
    const target = await dueTarget();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.dlqUrl,
        MessageBody: JSON.stringify(target),
        MessageAttributes: {
          ERROR_CODE: { DataType: "String", StringValue: "AWS.SQS.QueueDoesNotExist" },
          ERROR_MESSAGE: { DataType: "String", StringValue: "The queue does not exist." },
        },
      }),
    );
    const [dead] = await deadLettersOf(target.workspaceId);
    expect(dead).toMatchObject({ receiveCount: 0, lastErrorAt: null });
    expect(dead?.reason).toBe(
      "At its time, Cadence could not hand this post over for publishing (the scheduler said: AWS.SQS.QueueDoesNotExist: The queue does not exist.).",
    );
  });
});
