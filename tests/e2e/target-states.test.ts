import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { sqsDeadLetters } from "@cadence/aws/dead-letters";
import { sqsPublishQueue } from "@cadence/aws/queue";
import { eventBridgeScheduler } from "@cadence/aws/scheduler";
import { documentClient, tableName } from "@cadence/core/db/client";
import { db } from "@cadence/core/db/service";
import { providePorts } from "@cadence/core/ports";
import { targetIdFor } from "@cadence/core/post";
import { isConditionFailure, type Reason, type State, Target } from "@cadence/core/target";
import { awsPorts } from "@cadence/functions/wire";
import { queueArn } from "@cadence/local/resources";
import { beforeAll, describe, expect, it } from "vitest";
import { schedulesFor } from "../support/scheduler.ts";

/**
 * The target state machine against DynamoDB Local: every transition tried from every state.
 * Allowed ones make exactly their write (state, version, check index, schedules); refused ones
 * change nothing and answer undefined.
 */
type TargetItem = NonNullable<Awaited<ReturnType<typeof Target.load>>>;

const states: State[] = [
  "draft",
  "pending_approval",
  "scheduled",
  "publishing",
  "published",
  "failed",
  "needs_review",
  "canceled",
  "held",
];

beforeAll(async () => {
  // This file's own queue: re-armed messages and near schedules never reach another file's worker.
  const sqs = new SQSClient({});
  const name = `target-states-${Date.now()}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const queue = { url: QueueUrl ?? "", arn: queueArn(name) };
  providePorts({
    ...awsPorts(),
    scheduler: eventBridgeScheduler({ queue }),
    queue: sqsPublishQueue(queue.url),
    deadLetters: sqsDeadLetters(`${queue.url}-dlq`),
  });
});

let counter = 0;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A target seeded in `state` through the module's own create, version 3, due in an hour. */
async function seeded(state: State): Promise<TargetItem> {
  const workspaceId = `ws_states_${Date.now()}_${counter++}`;
  const postId = `pst_${Date.now().toString(36).padStart(10, "0")}${String(counter).padStart(16, "0")}`;
  const targetId = targetIdFor(postId, 0);
  const dueAt = inAnHour();
  const item = {
    workspaceId,
    postId,
    targetId,
    accountId: `acc_${counter}`,
    network: "mastodon",
    state,
    dueAt,
    dueMonth: dueAt.slice(0, 7),
    version: 3,
    leaseUntil: state === "publishing" ? new Date(Date.now() + 60_000).toISOString() : "",
  };
  expect(await Target.commit(undefined, [{ kind: "create", item }])).toBe(true);
  if (state === "publishing") {
    // Where a claim leaves it: in the check index at its due time plus grace.
    const checkAt = new Date(Date.parse(dueAt) + Target.graceMs).toISOString();
    const { checkShard } = (await Target.load(workspaceId, targetId)) as TargetItem;
    await db()
      .entities.target.patch({ workspaceId, postId, targetId })
      .set({ checkAt, checkShard })
      .go();
  }
  return (await Target.load(workspaceId, targetId)) as TargetItem;
}

/** Whether the sweep's index holds the target. */
async function inCheckIndex(target: TargetItem): Promise<boolean> {
  const found = await db()
    .entities.target.query.byCheck({ checkShard: target.checkShard })
    // The index projects keys only: hydrate reads the items, then pick this one.
    .go({ pages: "all", hydrate: true });
  return found.data.filter((item) => item.targetId === target.targetId).length === 1;
}

interface Case {
  allowed: State[];
  to: (from: State) => State;
  bumps: boolean;
  run: (t: TargetItem) => Promise<TargetItem | undefined>;
}

const reason: Reason = { code: "network_refused", message: "Because the test said so." };
const cases: Record<string, Case> = {
  claim: {
    allowed: ["scheduled"],
    to: () => "publishing",
    bumps: false,
    run: (t) => Target.claim(t, Date.now()),
  },
  watchLease: {
    allowed: ["publishing"],
    to: () => "publishing",
    bumps: false,
    run: (t) => Target.watchLease(t),
  },
  succeed: {
    allowed: ["publishing", "needs_review"],
    to: () => "published",
    bumps: false,
    run: (t) =>
      Target.succeed(t, {
        externalId: "x1",
        url: "https://example.test/x1",
        publishedAt: "2026-01-01T00:00:00.000Z",
      }),
  },
  retry: {
    allowed: ["publishing"],
    to: () => "scheduled",
    bumps: true,
    run: (t) => Target.retry(t, reason, inAnHour()),
  },
  fail: {
    allowed: ["publishing", "scheduled", "pending_approval"],
    to: () => "failed",
    bumps: true,
    run: (t) => Target.fail(t, reason),
  },
  hold: {
    allowed: ["publishing"],
    to: () => "needs_review",
    bumps: false,
    run: (t) => Target.hold(t, reason),
  },
  postpone: {
    allowed: ["scheduled"],
    to: () => "scheduled",
    bumps: true,
    run: (t) => Target.postpone(t, new Date(Date.now() + 7_200_000).toISOString()),
  },
  rearm: {
    allowed: ["scheduled", "pending_approval"],
    to: (from) => from,
    bumps: false,
    run: (t) => Target.rearm(t, Date.now()),
  },
  schedule: {
    allowed: ["failed", "needs_review"],
    to: () => "scheduled",
    bumps: true,
    run: (t) => Target.schedule(t, inAnHour()),
  },
  cancel: {
    allowed: ["scheduled", "pending_approval"],
    to: () => "canceled",
    bumps: true,
    run: (t) => Target.cancel(t, reason),
  },
  holdForAccount: {
    allowed: ["scheduled", "pending_approval"],
    to: () => "held",
    bumps: true,
    run: (t) => Target.holdForAccount(t, reason),
  },
  release: {
    allowed: ["held"],
    // A held target seeded without `heldFrom` goes back to scheduled.
    to: () => "scheduled",
    bumps: true,
    run: (t) => Target.release(t, new Date().toISOString()),
  },
};

const waiting = (s: State) => s === "scheduled" || s === "pending_approval";

describe("every single-target transition from every state", () => {
  for (const [name, c] of Object.entries(cases)) {
    for (const from of states) {
      const allowed = c.allowed.includes(from);
      it(`${name} from ${from} is ${allowed ? "allowed" : "refused"}`, async () => {
        const before = await seeded(from);
        const after = await c.run(before);
        const stored = (await Target.load(before.workspaceId, before.targetId)) as TargetItem;
        if (!allowed) {
          expect(after).toBeUndefined();
          expect(stored.state).toBe(from);
          expect(stored.version).toBe(before.version);
          expect(stored.updatedAt).toBe(before.updatedAt);
          return;
        }
        const to = c.to(from);
        expect(stored.state).toBe(to);
        expect(stored.version).toBe(before.version + (c.bumps ? 1 : 0));
        // The sweep's index holds exactly the waiting and publishing targets.
        expect(await inCheckIndex(stored)).toBe(waiting(to) || to === "publishing");
        // A claim leaves the target at due plus grace (it writes the item alone); the sweep's
        // watchLease moves a live claim to the lease's end.
        if (name === "claim") expect(stored.checkAt).toBe(before.checkAt);
        if (name === "watchLease") expect(stored.checkAt).toBe(stored.leaseUntil);
        if (waiting(to) && name !== "rearm") {
          expect(Date.parse(stored.checkAt)).toBe(Date.parse(stored.dueAt) + Target.graceMs);
        }
        // Schedules: the new version armed when it waits, the old one gone when it changed.
        const names = await schedulesFor(before.targetId);
        if (waiting(to)) expect(names).toContain(`${before.targetId}-v${stored.version}`);
        if (c.bumps || !waiting(to)) {
          if (name !== "claim")
            expect(names).not.toContain(`${before.targetId}-v${before.version}`);
        }
        // A second try of the same transition with the old item is refused: one write each.
        expect(await c.run(before)).toBeUndefined();
      });
    }
  }
});

describe("holding for a disconnected account", () => {
  it("a target awaiting approval is held and comes back awaiting approval, at its own time", async () => {
    const waitingApproval = await seeded("pending_approval");
    const held = (await Target.holdForAccount(waitingApproval, reason)) as TargetItem;
    expect(held).toMatchObject({ state: "held", heldFrom: "pending_approval" });
    expect(await schedulesFor(waitingApproval.targetId)).toEqual([]);
    const back = (await Target.release(held, new Date().toISOString())) as TargetItem;
    expect(back).toMatchObject({ state: "pending_approval", dueAt: waitingApproval.dueAt });
    expect(await schedulesFor(waitingApproval.targetId)).toEqual([
      `${waitingApproval.targetId}-v${back.version}`,
    ]);
  });

  it("a target whose time passed while held is due a moment after release, not in the past", async () => {
    const scheduled = await seeded("scheduled");
    const held = (await Target.holdForAccount(scheduled, reason)) as TargetItem;
    const later = new Date(Date.parse(scheduled.dueAt) + 3_600_000).toISOString();
    const back = (await Target.release(held, later)) as TargetItem;
    expect(back).toMatchObject({ state: "scheduled", dueAt: later });
  });
});

describe("post-level transitions are conditional on what was read", () => {
  it("a move (cancel) refused for one target writes nothing for any", async () => {
    const a = await seeded("scheduled");
    const b = await seeded("scheduled");
    // b is claimed between the read and the cancel.
    await Target.claim(b, Date.now());
    const written = await Target.commit(undefined, [
      { kind: "move", before: a, to: "canceled" },
      { kind: "move", before: b, to: "canceled" },
    ]);
    expect(written).toBe(false);
    expect((await Target.load(a.workspaceId, a.targetId))?.state).toBe("scheduled");
    expect((await Target.load(b.workspaceId, b.targetId))?.state).toBe("publishing");
  });

  it("a replace bumps the version, re-arms under it and drops the old schedule", async () => {
    const a = await seeded("scheduled");
    const dueAt = new Date(Date.now() + 7_200_000).toISOString();
    const item = { ...a, version: a.version + 1, dueAt, dueMonth: dueAt.slice(0, 7) };
    expect(await Target.commit(undefined, [{ kind: "replace", before: a, item }])).toBe(true);
    const names = await schedulesFor(a.targetId);
    expect(names).toEqual([`${a.targetId}-v${a.version + 1}`]);
    // The same replace again finds the version moved on.
    expect(await Target.commit(undefined, [{ kind: "replace", before: a, item }])).toBe(false);
  });

  it("a delete of a target claimed meanwhile is refused", async () => {
    const a = await seeded("scheduled");
    await Target.claim(a, Date.now());
    expect(await Target.commit(undefined, [{ kind: "delete", before: a }])).toBe(false);
    expect((await Target.load(a.workspaceId, a.targetId))?.state).toBe("publishing");
  });
});

describe("only a failed condition counts as someone else getting there", () => {
  it("recognises DynamoDB's ConditionalCheckFailed and nothing else", async () => {
    const a = await seeded("scheduled");
    const key = {
      pk: { S: `ws#${a.workspaceId}#post#${a.postId}` },
      sk: { S: `target#${a.targetId}` },
    };
    const conditionFailed = await documentClient
      .send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: "SET #s = :s",
          ConditionExpression: "#s = :other",
          ExpressionAttributeNames: { "#s": "state" },
          ExpressionAttributeValues: { ":s": { S: "failed" }, ":other": { S: "draft" } },
        }),
      )
      .catch((error: unknown) => error);
    expect(isConditionFailure(conditionFailed)).toBe(true);
    // A malformed request (as a throttle or timeout would) is not a condition: it must propagate.
    const invalid = await documentClient
      .send(
        new UpdateItemCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: "SET #s = :missing",
          ExpressionAttributeNames: { "#s": "state" },
        }),
      )
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(Error);
    expect(isConditionFailure(invalid)).toBe(false);
    expect(isConditionFailure({ name: "ThrottlingException" })).toBe(false);
    expect(
      isConditionFailure({
        name: "TransactionCanceledException",
        CancellationReasons: [{ Code: "None" }, { Code: "ThrottlingError" }],
      }),
    ).toBe(false);
  });
});
