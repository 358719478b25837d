import { documentClient } from "@cadence/core/db/client";
import { db } from "@cadence/core/db/service";
import { type PublishMessage, providePorts, usePorts } from "@cadence/core/ports";
import { Publish } from "@cadence/core/publish";
import { reconcile } from "@cadence/core/publish/reconcile";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, type Person, signUp } from "../support/api.ts";
import { connectWithTokens, sandboxPosts } from "../support/publishing.ts";

/**
 * A model of people and the consumer acting on targets in every order fast-check can find:
 * user actions through the API (schedule, publish now, reschedule, edit, cancel, pause,
 * resume, delete) interleaved with consumer steps (deliver, deliver twice at once, crash before
 * the claim / after it / after the network call, lose a message, throttle a write, advance the
 * clock, run the sweep). After every step: at most one publish per post; nothing published after
 * a cancel, pause or delete that answered 2xx; what went out carries the last accepted edit;
 * after a sweep, nothing is left waiting or publishing past its check time; the API agrees.
 *
 * Schedules and queue sends land in this file's own inbox (the ports are the domain's, so the
 * model decides when and how often each message is delivered); networks are the sandbox.
 * Prints its seed; FUZZ_SEED replays a run.
 */
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const runs = Number(process.env.FUZZ_RUNS ?? 25);
/** What the runs did, so a run that never published cannot pass unnoticed. */
const tally = {
  steps: 0,
  published: 0,
  stopped: 0,
  refused: 0,
  results: {} as Record<string, number>,
};

let owner: Person;
let workspaceId: string;
const handles: { id: string; handle: string }[] = [];

interface ModelPost {
  id: string;
  tag: string;
  version: number;
  /** The last text the API accepted. */
  text: string;
  /** How many copies the network had when a cancel, pause or delete answered 2xx. */
  stoppedAt?: number;
  deleted: boolean;
}

class World {
  readonly posts: ModelPost[] = [];
  readonly inbox: PublishMessage[] = [];
  skewMs = 0;
  constructor(readonly run: string) {}
  clock(): number {
    return Date.now() + this.skewMs;
  }
}
let world = new World("none");
let created = 0;

beforeAll(async () => {
  owner = await signUp("model");
  workspaceId = owner.workspaceId;
  for (let i = 0; i < 3; i += 1) {
    const handle = `model${i}${Date.now() % 100_000}`;
    const connected = await connectWithTokens(owner, workspaceId, "mastodon", handle);
    handles.push({ id: connected.account.id, handle: connected.profile.handle });
  }
  const real = usePorts();
  providePorts({
    ...real,
    scheduler: {
      async schedule({ dueAt: _dueAt, ...message }) {
        world.inbox.push(message);
      },
      async cancel(message) {
        const at = world.inbox.findIndex(
          (m) => m.targetId === message.targetId && m.version === message.version,
        );
        if (at >= 0) world.inbox.splice(at, 1);
      },
    },
    queue: {
      async send(message) {
        world.inbox.push(message);
      },
    },
  });
}, 120_000);

const path = (p?: ModelPost) => `/workspaces/${workspaceId}/posts${p ? `/${p.id}` : ""}`;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function copiesOf(tag: string): Promise<string[]> {
  const sent = await sandboxPosts("mastodon");
  return sent.filter((p) => p.text.startsWith(`${tag} `) || p.text === tag).map((p) => p.text);
}

/** A message delivered to the consumer; a throw is SQS redelivering it later. */
async function deliver(message: PublishMessage): Promise<void> {
  try {
    const result = await Publish.process(message, world.clock());
    tally.results[result] = (tally.results[result] ?? 0) + 1;
    if (result === "published") tally.published += 1;
  } catch {
    world.inbox.push(message);
  }
}

type Step = fc.AsyncCommand<object, World>;
const step = (name: string, run: (w: World) => Promise<void>, check = () => true): Step => ({
  check,
  run: async (_model, w) => {
    tally.steps += 1;
    await run(w);
    await invariants(w, name === "sweep");
  },
  toString: () => name,
});

async function refresh(p: ModelPost): Promise<void> {
  const got = await call<{ version: number }>("GET", path(p), { token: owner.accessToken });
  if (got.status === 200) p.version = got.body.version;
}

const stop = async (p: ModelPost | undefined, action: "cancel" | "pause" | "delete") => {
  if (!p || p.deleted) return;
  const answer =
    action === "delete"
      ? await call("DELETE", path(p), { token: owner.accessToken })
      : await call("POST", `${path(p)}/${action}`, { token: owner.accessToken });
  expect([200, 204, 409, 412], answer.text).toContain(answer.status);
  if (answer.status >= 400) tally.refused += 1;
  if (answer.status < 300) {
    tally.stopped += 1;
    p.stoppedAt = (await copiesOf(p.tag)).length;
    if (action === "delete") p.deleted = true;
  }
};

const pick = (w: World, i: number) => w.posts[i % Math.max(1, w.posts.length)];
const index = fc.nat(50);

const commands = [
  fc.record({ inMs: fc.constantFrom(0, 2_000, 20_000) }).map(({ inMs }) =>
    step(`schedule(+${inMs}ms)`, async (w) => {
      const tag = `${w.run}-p${created++}`;
      const account = handles[created % handles.length]!;
      const answer = await call<{ id: string; version: number }>("POST", path(), {
        token: owner.accessToken,
        body: {
          text: tag,
          targets: [{ accountId: account.id }],
          schedule: inMs ? { mode: "at", at: at(inMs), timeZone: "UTC" } : { mode: "now" },
        },
      });
      expect(answer.status, answer.text).toBe(201);
      w.posts.push({
        id: answer.body.id,
        tag,
        version: answer.body.version,
        text: tag,
        deleted: false,
      });
    }),
  ),
  index.map((i) =>
    step(`edit(${i})`, async (w) => {
      const p = pick(w, i);
      if (!p || p.deleted) return;
      const text = `${p.tag} edit${Date.now() % 1000}`;
      const answer = await call<{ version: number }>("PATCH", path(p), {
        token: owner.accessToken,
        body: { version: p.version, text },
      });
      expect([200, 409, 412], answer.text).toContain(answer.status);
      if (answer.status === 200) {
        p.text = text;
        p.version = answer.body.version;
        // An accepted edit schedules the post again (it also resumes a paused one).
        p.stoppedAt = undefined;
      } else await refresh(p);
    }),
  ),
  index.map((i) =>
    step(`reschedule(${i})`, async (w) => {
      const p = pick(w, i);
      if (!p || p.deleted) return;
      const answer = await call<{ version: number }>("PATCH", path(p), {
        token: owner.accessToken,
        body: { version: p.version, schedule: { mode: "at", at: at(3_000), timeZone: "UTC" } },
      });
      expect([200, 409, 412], answer.text).toContain(answer.status);
      if (answer.status === 200) {
        p.version = answer.body.version;
        // A rescheduled post goes out again only if nothing stopped it for good.
        if (p.stoppedAt !== undefined && !p.deleted) p.stoppedAt = undefined;
      } else await refresh(p);
    }),
  ),
  index.map((i) => step(`cancel(${i})`, (w) => stop(pick(w, i), "cancel"))),
  index.map((i) => step(`pause(${i})`, (w) => stop(pick(w, i), "pause"))),
  index.map((i) => step(`delete(${i})`, (w) => stop(pick(w, i), "delete"))),
  index.map((i) =>
    step(`resume(${i})`, async (w) => {
      const p = pick(w, i);
      if (!p || p.deleted) return;
      const answer = await call("POST", `${path(p)}/resume`, { token: owner.accessToken });
      if (answer.status === 200) p.stoppedAt = undefined;
      await refresh(p);
    }),
  ),
  index.map((i) =>
    step(`deliver(${i})`, async (w) => {
      const [message] = w.inbox.splice(i % Math.max(1, w.inbox.length), 1);
      if (message) await deliver(message);
    }),
  ),
  index.map((i) =>
    step(`deliverTwice(${i})`, async (w) => {
      const [message] = w.inbox.splice(i % Math.max(1, w.inbox.length), 1);
      if (message) await Promise.all([deliver(message), deliver(message)]);
    }),
  ),
  fc.constantFrom("before_claim", "after_claim", "after_network").map((where) =>
    step(`crash(${where})`, async (w) => {
      const message = w.inbox.shift();
      if (!message) return;
      Publish.onStep((reached) => {
        if (reached === where) {
          Publish.onStep(undefined);
          throw new Error(`model: worker died ${where}`);
        }
      });
      await deliver(message);
      Publish.onStep(undefined);
    }),
  ),
  index.map((i) =>
    step(`lose(${i})`, async (w) => {
      w.inbox.splice(i % Math.max(1, w.inbox.length), 1);
    }),
  ),
  fc.nat(6).map((n) =>
    step(`throttle(write ${n})`, async (w) => {
      const message = w.inbox.shift();
      if (!message) return;
      let writes = 0;
      const name = "modelThrottle";
      documentClient.middlewareStack.add(
        (next) => async (args) => {
          const input = args.input as { Key?: { pk?: unknown }; UpdateExpression?: unknown };
          if (
            input.UpdateExpression &&
            String(input.Key?.pk ?? "").startsWith(`ws#${workspaceId}#post#`)
          ) {
            if (writes++ === n) {
              throw Object.assign(new Error("Rate of requests exceeds the allowed throughput."), {
                name: "ThrottlingException",
              });
            }
          }
          return next(args);
        },
        { step: "initialize", name },
      );
      try {
        await deliver(message);
      } finally {
        documentClient.middlewareStack.remove(name);
      }
    }),
  ),
  fc.constantFrom(5_000, 70_000, 6 * 60_000).map((ms) =>
    step(`advance(${ms}ms)`, async (w) => {
      w.skewMs += ms;
    }),
  ),
  fc.constant(
    step("sweep", async (w) => {
      await reconcile(w.clock());
    }),
  ),
];

async function invariants(w: World, afterSweep: boolean): Promise<void> {
  const sent = await sandboxPosts("mastodon");
  for (const p of w.posts) {
    const copies = sent.filter((s) => s.text === p.tag || s.text.startsWith(`${p.tag} `));
    expect(copies.length, `${p.tag} published more than once`).toBeLessThanOrEqual(1);
    if (p.stoppedAt !== undefined) {
      expect(copies.length, `${p.tag} published after a 2xx stop`).toBe(p.stoppedAt);
    }
    for (const copy of copies) expect(copy.text, `${p.tag} went out stale`).toBe(p.text);
    const shown = await call<{ targets: { state: string; error: unknown }[] }>("GET", path(p), {
      token: owner.accessToken,
    });
    if (p.deleted) {
      expect(shown.status).toBe(404);
      continue;
    }
    expect(shown.status).toBe(200);
    const stored = (await db().collections.post({ workspaceId, postId: p.id }).go({ pages: "all" }))
      .data.target;
    // The API shows what is stored.
    expect(shown.body.targets.map((t) => t.state)).toEqual(stored.map((t) => t.state));
    for (const t of stored) {
      if (t.state === "published") expect(copies.length).toBe(1);
      if (t.state === "failed" || t.state === "needs_review") expect(t.errorCode).toBeTruthy();
      if (afterSweep && t.checkAt) {
        // Nothing waiting or publishing is left past its check time after a sweep.
        expect(Date.parse(t.checkAt), `${p.tag} ${t.state} left behind`).toBeGreaterThan(
          w.clock() - 1_000,
        );
      }
    }
  }
}

describe("the target lifecycle model", () => {
  it("holds its promises under every interleaving of people, consumers and faults", async () => {
    console.log(`target model: seed=${seed} runs=${runs} (replay with FUZZ_SEED=${seed})`);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: "large" }), async (cmds) => {
        world = new World(`mdl${seed}r${run++}`);
        await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
    console.log(
      `target model: steps=${tally.steps} published=${tally.published} stops_answered_2xx=${tally.stopped} refused=${tally.refused} results=${JSON.stringify(tally.results)}`,
    );
    expect(tally.published).toBeGreaterThan(0);
    expect(tally.stopped).toBeGreaterThan(0);
  }, 600_000);
});
