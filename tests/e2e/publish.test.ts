import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, mailTo, type Person, team } from "../support/api.ts";
import {
  connectWithTokens,
  Publish,
  publishWorker,
  sandboxFault,
  sandboxPosts,
  waitFor,
} from "../support/publishing.ts";

type Target = {
  id: string;
  state: string;
  dueAt: string | null;
  version: number;
  url: string | null;
  error: { code: string; message: string } | null;
};
type PostBody = { id: string; status: string; version: number; targets: Target[] };

let ws: Awaited<ReturnType<typeof team>>;
let owner: Person;
let x: Awaited<ReturnType<typeof connectWithTokens>>;
let bluesky: Awaited<ReturnType<typeof connectWithTokens>>;
let worker: ReturnType<typeof publishWorker>;
const sqs = new SQSClient({});

const posts = () => `/workspaces/${ws.workspaceId}/posts`;

async function settled(
  postId: string,
  states = ["published", "failed", "needs_review"],
): Promise<PostBody> {
  return waitFor(async () => {
    const post = await call<PostBody>("GET", `${posts()}/${postId}`, { token: owner.accessToken });
    return post.body.targets.every((t) => states.includes(t.state)) ? post.body : undefined;
  });
}

beforeAll(async () => {
  ws = await team("publish");
  owner = ws.owner;
  x = await connectWithTokens(owner, ws.workspaceId, "x", `pub-x-${Date.now()}`);
  bluesky = await connectWithTokens(
    owner,
    ws.workspaceId,
    "bluesky",
    `pub-bsky-${Date.now()}.test`,
  );
  worker = publishWorker();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
});

describe("publishing", () => {
  it("publishes now to X and Bluesky, records each post's link, and logs it", async () => {
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Hello from Cadence",
        targets: [{ accountId: x.account.id }, { accountId: bluesky.account.id }],
        schedule: { mode: "now" },
      },
    });
    expect(created.status).toBe(201);
    const done = await settled(created.body.id);
    expect(done.status).toBe("published");
    for (const target of done.targets) {
      expect(target.state).toBe("published");
      expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    }
    expect((await sandboxPosts("x", x.profile.handle)).map((p) => p.text)).toContain(
      "Hello from Cadence",
    );
    const history = await call<{ items: { action: string; summary: string }[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/activity?subjectId=${created.body.id}`,
      {
        token: owner.accessToken,
      },
    );
    // One entry for the post once both accounts have it (and at most one before, when one
    // account had it first), not one per account.
    const out = history.body.items.filter((a) => a.action === "post.published");
    expect(out.map((a) => a.summary)).toContainEqual(
      expect.stringMatching(/^Published to (X and Bluesky|Bluesky and X)$/),
    );
    expect(out.length).toBeLessThanOrEqual(2);
  });

  it("publishes on the second it is due, though the schedule fires early", async () => {
    const due = DateTime.now().plus({ seconds: 4 }).startOf("second");
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Right on time",
        targets: [{ accountId: x.account.id }],
        schedule: { mode: "at", at: due.toUTC().toISO(), timeZone: "UTC" },
      },
    });
    await settled(created.body.id);
    const sent = (await sandboxPosts("x", x.profile.handle)).find(
      (p) => p.text === "Right on time",
    );
    const lagMs = Date.parse(sent?.createdAt ?? "") - due.toMillis();
    expect(lagMs).toBeGreaterThanOrEqual(-500);
    expect(lagMs).toBeLessThan(1_500);
  });

  it("a message delivered twice publishes once", async () => {
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Only once, please",
        targets: [{ accountId: bluesky.account.id }],
        schedule: { mode: "now" },
      },
    });
    const target = created.body.targets[0]!;
    const queueUrl = JSON.parse(process.env.SST_RESOURCE_PublishQueue ?? "{}").url;
    const body = JSON.stringify({
      workspaceId: ws.workspaceId,
      targetId: target.id,
      version: target.version,
    });
    await Promise.all(
      [1, 2, 3].map(() =>
        sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body })),
      ),
    );
    await settled(created.body.id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = (await sandboxPosts("bluesky", bluesky.profile.handle)).filter(
      (p) => p.text === "Only once, please",
    );
    expect(sent).toHaveLength(1);
  });

  it("a target rescheduled three times publishes once, at the last time", async () => {
    const first = DateTime.now().plus({ minutes: 30 });
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Third time lucky",
        targets: [{ accountId: x.account.id }],
        schedule: { mode: "at", at: first.toUTC().toISO(), timeZone: "UTC" },
      },
    });
    let version = created.body.version;
    const old = created.body.targets[0]!;
    for (const minutes of [40, 50]) {
      const moved = await call<PostBody>("POST", `${posts()}/${created.body.id}/schedule`, {
        token: owner.accessToken,
        body: {
          version,
          schedule: {
            mode: "at",
            at: DateTime.now().plus({ minutes }).toUTC().toISO(),
            timeZone: "UTC",
          },
        },
      });
      version = moved.body.version;
    }
    const last = DateTime.now().plus({ seconds: 3 }).startOf("second");
    const final = await call<PostBody>("POST", `${posts()}/${created.body.id}/schedule`, {
      token: owner.accessToken,
      body: { version, schedule: { mode: "at", at: last.toUTC().toISO(), timeZone: "UTC" } },
    });
    expect(final.body.targets[0]!.version).toBe(4);
    // Stale messages for the earlier versions arrive too, and are ignored.
    for (const stale of [1, 2, 3]) {
      expect(
        await Publish.process({ workspaceId: ws.workspaceId, targetId: old.id, version: stale }),
      ).toBe("ignored");
    }
    await settled(created.body.id);
    const sent = (await sandboxPosts("x", x.profile.handle)).filter(
      (p) => p.text === "Third time lucky",
    );
    expect(sent).toHaveLength(1);
    expect(Date.parse(sent[0]!.createdAt)).toBeGreaterThanOrEqual(last.toMillis() - 500);
  });
});

describe("failures are classified", () => {
  it("a 5xx is retried with backoff and then publishes once", async () => {
    await sandboxFault({ network: "x", account: x.profile.handle, kind: "5xx", count: 2 });
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Survives a wobble",
        targets: [{ accountId: x.account.id }],
        schedule: { mode: "now" },
      },
    });
    const done = await settled(created.body.id);
    expect(done.targets[0]!.state).toBe("published");
    expect(
      (await sandboxPosts("x", x.profile.handle)).filter((p) => p.text === "Survives a wobble"),
    ).toHaveLength(1);
  });

  it("a 429 waits at least the network's Retry-After", async () => {
    await sandboxFault({
      network: "bluesky",
      account: bluesky.profile.handle,
      kind: "429",
      count: 1,
      retryAfterSeconds: 2,
    });
    const started = Date.now();
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Patience",
        targets: [{ accountId: bluesky.account.id }],
        schedule: { mode: "now" },
      },
    });
    const done = await settled(created.body.id);
    expect(done.targets[0]!.state).toBe("published");
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it("content the network rejects fails at once with its reason", async () => {
    await sandboxFault({ network: "x", account: x.profile.handle, kind: "reject", count: 1 });
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Rejected words",
        targets: [{ accountId: x.account.id }],
        schedule: { mode: "now" },
      },
    });
    const done = await settled(created.body.id);
    expect(done.targets[0]!.state).toBe("failed");
    expect(done.targets[0]!.error?.message).toMatch(/X/);
  });

  it("a revoked token fails the target and flags the account for reconnecting", async () => {
    const victim = await connectWithTokens(
      owner,
      ws.workspaceId,
      "bluesky",
      `revoked-${Date.now()}.test`,
    );
    await sandboxFault({ network: "bluesky", account: victim.profile.handle, kind: "revoked" });
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Into the void",
        targets: [{ accountId: victim.account.id }],
        schedule: { mode: "now" },
      },
    });
    const done = await settled(created.body.id);
    expect(done.targets[0]!.state).toBe("failed");
    expect(done.targets[0]!.error?.code).toBe("reconnect_needed");
    expect(done.targets[0]!.error?.message).toMatch(/Reconnect/i);
    const accounts = await call<{
      items: { id: string; status: string; statusReason: string | null }[];
    }>("GET", `/workspaces/${ws.workspaceId}/accounts`, { token: owner.accessToken });
    const flagged = accounts.body.items.find((a) => a.id === victim.account.id);
    expect(flagged?.status).toBe("reconnect_needed");
    expect(flagged?.statusReason).toBeTruthy();
  });

  it("a post still waiting for approval at its time is not published and its author is told", async () => {
    const settings = await call<{ version: number }>("GET", `/workspaces/${ws.workspaceId}`, {
      token: owner.accessToken,
    });
    await call("PATCH", `/workspaces/${ws.workspaceId}`, {
      token: owner.accessToken,
      body: { approvalRequired: true, version: settings.body.version },
    });
    try {
      const due = DateTime.now().plus({ seconds: 2 });
      const created = await call<PostBody>("POST", posts(), {
        token: ws.editor.accessToken,
        body: {
          text: "Nobody looked",
          targets: [{ accountId: x.account.id }],
          schedule: { mode: "at", at: due.toUTC().toISO(), timeZone: "UTC" },
        },
      });
      expect(created.body.status).toBe("pending_approval");
      const done = await settled(created.body.id);
      expect(done.targets[0]!).toMatchObject({
        state: "failed",
        error: { code: "approval_missed" },
      });
      // The author's mail follows the state change.
      const mail = await waitFor(async () =>
        (await mailTo(ws.editor.email)).find((m) => m.subject === "Your post was not published"),
      );
      expect(mail.text).toContain("waiting for approval");
      expect(
        (await sandboxPosts("x", x.profile.handle)).some((p) => p.text === "Nobody looked"),
      ).toBe(false);
    } finally {
      const latest = await call<{ version: number }>("GET", `/workspaces/${ws.workspaceId}`, {
        token: owner.accessToken,
      });
      await call("PATCH", `/workspaces/${ws.workspaceId}`, {
        token: owner.accessToken,
        body: { approvalRequired: false, version: latest.body.version },
      });
    }
  });
});

describe("recurring", () => {
  it("after each run the next occurrence is scheduled under a new version", async () => {
    const start = DateTime.now().plus({ seconds: 2 }).startOf("second");
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Every day",
        targets: [{ accountId: bluesky.account.id }],
        schedule: {
          mode: "recurring",
          start: start.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss"),
          timeZone: "UTC",
          rrule: "FREQ=DAILY;COUNT=3",
        },
      },
    });
    const target = created.body.targets[0]!;
    const after = await waitFor(async () => {
      const post = await call<PostBody>("GET", `${posts()}/${created.body.id}`, {
        token: owner.accessToken,
      });
      const t = post.body.targets[0]!;
      return t.url && t.state === "scheduled" ? t : undefined;
    });
    expect(after.version).toBeGreaterThan(target.version);
    expect(after.dueAt).toBe(start.plus({ days: 1 }).toUTC().toISO({ suppressMilliseconds: true }));
  });
});

describe("what failed can be seen and sent again", () => {
  it("a failed target is retried from the API and publishes", async () => {
    await sandboxFault({ network: "x", account: x.profile.handle, kind: "reject", count: 1 });
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Second chance",
        targets: [{ accountId: x.account.id }],
        schedule: { mode: "now" },
      },
    });
    const failed = await settled(created.body.id);
    expect(failed.targets[0]!.state).toBe("failed");
    const retried = await call<PostBody>(
      "POST",
      `${posts()}/${created.body.id}/targets/${failed.targets[0]!.id}/retry`,
      { token: ws.editor.accessToken },
    );
    expect(retried.status).toBe(200);
    const done = await settled(created.body.id);
    expect(done.targets[0]!.state).toBe("published");
    const again = await call(
      "POST",
      `${posts()}/${created.body.id}/targets/${failed.targets[0]!.id}/retry`,
      {
        token: ws.editor.accessToken,
      },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("not_retryable");
  });

  it("a dead publish message shows up in its workspace only, and redriving it publishes", async () => {
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Back from the dead",
        targets: [{ accountId: bluesky.account.id }],
        schedule: {
          mode: "at",
          at: DateTime.now().plus({ minutes: 30 }).toUTC().toISO(),
          timeZone: "UTC",
        },
      },
    });
    const target = created.body.targets[0]!;
    // Its time has come, but its message went to the DLQ instead of the consumer.
    const { db } = await import("@cadence/core/db/service");
    const now = new Date().toISOString();
    await db()
      .entities.target.patch({
        workspaceId: ws.workspaceId,
        postId: created.body.id,
        targetId: target.id,
      })
      .set({ dueAt: now, dueMonth: now.slice(0, 7), accountId: bluesky.account.id })
      .go();
    const dlq = JSON.parse(process.env.SST_RESOURCE_PublishDlq ?? "{}").url as string;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: dlq,
        MessageBody: JSON.stringify({
          workspaceId: ws.workspaceId,
          targetId: target.id,
          version: target.version,
        }),
      }),
    );
    const list = await call<{ items: { id: string; targetId: string; reason: string }[] }>(
      "GET",
      `/workspaces/${ws.workspaceId}/dead-letters`,
      { token: owner.accessToken },
    );
    const dead = list.body.items.find((i) => i.targetId === target.id);
    expect(dead?.reason).toBeTruthy();
    const other = await team("dlq-other");
    const foreign = await call<{ items: { targetId: string }[] }>(
      "GET",
      `/workspaces/${other.workspaceId}/dead-letters`,
      {
        token: other.owner.accessToken,
      },
    );
    expect(foreign.body.items.some((i) => i.targetId === target.id)).toBe(false);
    const redriven = await call(
      "POST",
      `/workspaces/${ws.workspaceId}/dead-letters/${dead?.id}/redrive`,
      {
        token: owner.accessToken,
      },
    );
    expect(redriven.status).toBe(200);
    const done = await settled(created.body.id);
    expect(done.targets[0]!.state).toBe("published");
    expect(
      (await sandboxPosts("bluesky", bluesky.profile.handle)).filter(
        (p) => p.text === "Back from the dead",
      ),
    ).toHaveLength(1);
  });
});
