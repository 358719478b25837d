import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { connectAccount } from "../support/accounts.ts";
import { call, mailTo, type Person, team } from "../support/api.ts";
import { scheduleExpression, schedulesFor } from "../support/scheduler.ts";

type Target = {
  id: string;
  state: string;
  dueAt: string | null;
  version: number;
  network: string;
  accountId: string;
};
type PostBody = {
  id: string;
  status: string;
  version: number;
  approval: string;
  approvalComment: string | null;
  targets: Target[];
};

let ws: Awaited<ReturnType<typeof team>>;
let x: { id: string };
let mastodon: { id: string };
let owner: Person;

/** A local time in New York some days ahead, as the composer sends it. */
function nyLocal(daysAhead: number, hhmm = "09:00"): string {
  return `${DateTime.now().setZone("America/New_York").plus({ days: daysAhead }).toFormat("yyyy-MM-dd")}T${hhmm}`;
}

const posts = () => `/workspaces/${ws.workspaceId}/posts`;

beforeAll(async () => {
  ws = await team("posts");
  owner = ws.owner;
  x = await connectAccount(owner, ws.workspaceId, "x");
  mastodon = await connectAccount(owner, ws.workspaceId, "mastodon");
}, 120_000);

describe("writing and scheduling a post", () => {
  it("saves a draft for two accounts with no time and no schedule", async () => {
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: { text: "Draft for later", targets: [{ accountId: x.id }, { accountId: mastodon.id }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe("draft");
    expect(created.body.targets.map((t) => [t.network, t.state, t.dueAt])).toEqual([
      ["x", "draft", null],
      ["mastodon", "draft", null],
    ]);
    expect(await schedulesFor(created.body.targets[0]!.id)).toEqual([]);
  });

  it("schedules a local New York time as its UTC instant, one EventBridge schedule per target", async () => {
    const at = nyLocal(5, "09:30");
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Launch day",
        tags: ["launch"],
        targets: [
          { accountId: x.id },
          { accountId: mastodon.id, overrides: { text: "Launch day, fediverse edition" } },
        ],
        schedule: { mode: "at", at, timeZone: "America/New_York" },
      },
    });
    expect(created.status).toBe(201);
    const expected = DateTime.fromISO(at, { zone: "America/New_York" })
      .toUTC()
      .toISO({ suppressMilliseconds: true });
    for (const target of created.body.targets) {
      expect(target).toMatchObject({ state: "scheduled", dueAt: expected, version: 1 });
      const names = await schedulesFor(target.id);
      expect(names).toEqual([`${target.id}-v1`]);
      // Fired early (at least a minute before), to the whole minute: the consumer holds it until due.
      const fire = Date.parse(`${(await scheduleExpression(names[0]!))?.slice(3, 22)}Z`);
      expect(Date.parse(expected ?? "") - fire).toBeGreaterThanOrEqual(60_000);
      expect(Date.parse(expected ?? "") - fire).toBeLessThan(120_000);
    }
    expect(created.body.status).toBe("scheduled");
  });

  it("a target rescheduled three times keeps one schedule, for its last version and time", async () => {
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Moving target",
        targets: [{ accountId: x.id }],
        schedule: { mode: "at", at: nyLocal(3), timeZone: "America/New_York" },
      },
    });
    let version = created.body.version;
    let last = created.body;
    for (const days of [4, 6, 8]) {
      const moved = await call<PostBody>("POST", `${posts()}/${created.body.id}/schedule`, {
        token: owner.accessToken,
        body: {
          version,
          schedule: { mode: "at", at: nyLocal(days), timeZone: "America/New_York" },
        },
      });
      expect(moved.status, moved.text).toBe(200);
      version = moved.body.version;
      last = moved.body;
    }
    const target = last.targets[0]!;
    expect(target.version).toBe(4);
    expect(target.dueAt).toBe(
      DateTime.fromISO(nyLocal(8), { zone: "America/New_York" })
        .toUTC()
        .toISO({ suppressMilliseconds: true }),
    );
    expect(await schedulesFor(target.id)).toEqual([`${target.id}-v4`]);
  });

  it("a time the clocks skip is answered with the instant chosen and a warning", async () => {
    // The next spring-forward day in New York (its 02:00 jumps to 03:00): the first day whose
    // next midnight is an hour closer to UTC than its own.
    let day = DateTime.now().setZone("America/New_York").startOf("day");
    while (day.plus({ days: 1 }).offset <= day.offset) day = day.plus({ days: 1 });
    const skipped = `${day.toFormat("yyyy-MM-dd")}T02:30`;
    const created = await call<PostBody & { warnings: { code: string; chosen: string }[] }>(
      "POST",
      posts(),
      {
        token: owner.accessToken,
        body: {
          text: "In the hour that never was",
          targets: [{ accountId: x.id }],
          schedule: { mode: "at", at: skipped, timeZone: "America/New_York" },
        },
      },
    );
    expect(created.status).toBe(201);
    const dueAt = created.body.targets[0]?.dueAt;
    expect(created.body.warnings).toMatchObject([{ code: "time_skipped", chosen: dueAt }]);
    const local = DateTime.fromISO(dueAt ?? "", { zone: "America/New_York" });
    expect(local.toFormat("HH:mm")).toBe("03:30");
    const read = await call<{ warnings: unknown[] }>("GET", `${posts()}/${created.body.id}`, {
      token: owner.accessToken,
    });
    expect(read.body.warnings).toEqual(created.body.warnings);
  });

  it("refuses a stale version with 412 and changes nothing", async () => {
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: { text: "Versioned", targets: [{ accountId: x.id }] },
    });
    await call("PATCH", `${posts()}/${created.body.id}`, {
      token: owner.accessToken,
      body: { version: 1, text: "First edit" },
    });
    const stale = await call("PATCH", `${posts()}/${created.body.id}`, {
      token: owner.accessToken,
      body: { version: 1, text: "Lost edit" },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe("version_conflict");
    const current = await call<{ text: string }>("GET", `${posts()}/${created.body.id}`, {
      token: owner.accessToken,
    });
    expect(current.body.text).toBe("First edit");
  });

  it("pauses, resumes, duplicates and cancels", async () => {
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Pause me",
        targets: [{ accountId: mastodon.id }],
        schedule: { mode: "at", at: nyLocal(9), timeZone: "America/New_York" },
      },
    });
    const id = created.body.id;
    const targetId = created.body.targets[0]!.id;
    const paused = await call<PostBody>("POST", `${posts()}/${id}/pause`, {
      token: owner.accessToken,
    });
    expect(paused.body.targets[0]!.state).toBe("draft");
    expect(await schedulesFor(targetId)).toEqual([]);
    const resumed = await call<PostBody>("POST", `${posts()}/${id}/resume`, {
      token: owner.accessToken,
    });
    expect(resumed.body.targets[0]!.state).toBe("scheduled");
    expect(await schedulesFor(targetId)).toEqual([
      `${targetId}-v${resumed.body.targets[0]!.version}`,
    ]);
    const copy = await call<PostBody>("POST", `${posts()}/${id}/duplicate`, {
      token: owner.accessToken,
    });
    expect(copy.status).toBe(201);
    expect(copy.body.id).not.toBe(id);
    expect(copy.body.status).toBe("draft");
    const canceled = await call<PostBody>("POST", `${posts()}/${id}/cancel`, {
      token: owner.accessToken,
    });
    expect(canceled.body.status).toBe("canceled");
    expect(await schedulesFor(targetId)).toEqual([]);
  });
});

describe("bad input creates nothing", () => {
  async function countPosts(): Promise<number> {
    const list = await call<{ items: unknown[] }>("GET", `${posts()}?limit=100`, {
      token: owner.accessToken,
    });
    return list.body.items.length;
  }

  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      "a past time",
      { schedule: { mode: "at", at: "2020-01-01T09:00", timeZone: "America/New_York" } },
      "time_in_past",
      "schedule.at",
    ],
    [
      "an unknown zone",
      { schedule: { mode: "at", at: "2030-01-01T09:00", timeZone: "Mars/Olympus" } },
      "invalid_input",
      "schedule.timeZone",
    ],
    [
      "an invalid RRULE",
      {
        schedule: {
          mode: "recurring",
          start: "2030-01-01T09:00",
          timeZone: "UTC",
          rrule: "FREQ=SOMETIMES",
        },
      },
      "invalid_rrule",
      "schedule.rrule",
    ],
  ];
  it.each(cases)("%s", async (_name, patch, code, field) => {
    const before = await countPosts();
    const response = await call("POST", posts(), {
      token: owner.accessToken,
      body: { text: "Will not exist", targets: [{ accountId: x.id }], ...patch },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body).toMatchObject({ code, field });
    expect(await countPosts()).toBe(before);
  });

  it("empty text for X is refused, naming X", async () => {
    const response = await call("POST", posts(), {
      token: owner.accessToken,
      body: { text: "", targets: [{ accountId: x.id }], schedule: { mode: "now" } },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "content_invalid", field: "targets[0].text" });
    expect(String(response.body.detail)).toMatch(/X/);
  });

  it("a post of 281 weighted characters for X is refused, though it has 270 characters", async () => {
    const text = `${"字".repeat(11)}${"a".repeat(259)}`;
    expect([...text].length).toBe(270);
    const response = await call<{ detail: string; code: string }>("POST", posts(), {
      token: owner.accessToken,
      body: { text, targets: [{ accountId: x.id }], schedule: { mode: "now" } },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("content_invalid");
    expect(response.body.detail).toContain(
      "X allows 280 characters (weighted); this post has 281.",
    );
  });

  it("Instagram without media is refused, naming Instagram", async () => {
    const instagram = await connectAccount(owner, ws.workspaceId, "instagram");
    const before = await countPosts();
    const response = await call<{ detail: string; code: string; field: string }>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Words alone",
        targets: [{ accountId: instagram.id }],
        schedule: { mode: "now" },
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("content_invalid");
    expect(response.body.detail).toMatch(/Instagram/);
    expect(response.body.field).toMatch(/^targets\[0\]\.media/);
    expect(await countPosts()).toBe(before);
  });

  it("an account of another workspace is not found", async () => {
    const other = await team("posts-other");
    const foreign = await connectAccount(other.owner, other.workspaceId, "x");
    const response = await call("POST", posts(), {
      token: owner.accessToken,
      body: { text: "Sneaky", targets: [{ accountId: foreign.id }] },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: "account_not_found",
      field: "targets[0].accountId",
    });
  });

  it("a viewer cannot write posts", async () => {
    const response = await call("POST", posts(), {
      token: ws.viewer.accessToken,
      body: { text: "Viewer", targets: [{ accountId: x.id }] },
    });
    expect(response.status).toBe(403);
  });
});

describe("the queue", () => {
  it("takes each account's next free slots, and reordering swaps their times", async () => {
    const slots = {
      "1": ["09:00", "13:00"],
      "2": ["09:00", "13:00"],
      "3": ["09:00", "13:00"],
      "4": ["09:00", "13:00"],
      "5": ["09:00", "13:00"],
      "6": ["10:00"],
      "7": ["10:00"],
    };
    const account = await connectAccount(owner, ws.workspaceId, "mastodon", {
      handle: `queue-${Date.now()}`,
    });
    const saved = await call("PUT", `/workspaces/${ws.workspaceId}/accounts/${account.id}/slots`, {
      token: owner.accessToken,
      body: { timeZone: "Europe/Berlin", slots },
    });
    expect(saved.status).toBe(200);
    const first = await call<PostBody>("POST", posts(), {
      token: ws.editor.accessToken,
      body: {
        text: "First in line",
        targets: [{ accountId: account.id }],
        schedule: { mode: "queue" },
      },
    });
    const second = await call<PostBody>("POST", posts(), {
      token: ws.editor.accessToken,
      body: {
        text: "Second in line",
        targets: [{ accountId: account.id }],
        schedule: { mode: "queue" },
      },
    });
    const a = first.body.targets[0]!;
    const b = second.body.targets[0]!;
    expect(Date.parse(b.dueAt ?? "")).toBeGreaterThan(Date.parse(a.dueAt ?? ""));
    const local = DateTime.fromISO(a.dueAt ?? "", { zone: "Europe/Berlin" });
    expect(slots[String(local.weekday) as keyof typeof slots]).toContain(local.toFormat("HH:mm"));

    const queue = await call<{ items: { targetId: string; dueAt: string }[] }>(
      "PUT",
      `/workspaces/${ws.workspaceId}/accounts/${account.id}/queue`,
      { token: ws.editor.accessToken, body: { targetIds: [b.id, a.id] } },
    );
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i) => [i.targetId, i.dueAt])).toEqual([
      [b.id, a.dueAt],
      [a.id, b.dueAt],
    ]);
    expect(await schedulesFor(a.id)).toEqual([`${a.id}-v2`]);
  });

  it("takes one account's copy out of its queue; the post's other account keeps its slot", async () => {
    const daily = Object.fromEntries(
      ["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, ["11:00"]]),
    );
    const [one, two] = await Promise.all(
      ["a", "b"].map(async (tag) => {
        const account = await connectAccount(owner, ws.workspaceId, "mastodon", {
          handle: `unqueue-${tag}-${Date.now()}`,
        });
        await call("PUT", `/workspaces/${ws.workspaceId}/accounts/${account.id}/slots`, {
          token: owner.accessToken,
          body: { timeZone: "UTC", slots: daily },
        });
        return account;
      }),
    );
    const created = await call<PostBody>("POST", posts(), {
      token: ws.editor.accessToken,
      body: {
        text: "Going to two queues",
        targets: [{ accountId: one!.id }, { accountId: two!.id }],
        schedule: { mode: "queue" },
      },
    });
    const [mine, theirs] = [one!, two!].map(
      (a) => created.body.targets.find((t) => t.accountId === a.id)!,
    );
    const queueOf = (accountId: string, targetId = "") =>
      `/workspaces/${ws.workspaceId}/accounts/${accountId}/queue${targetId ? `/${targetId}` : ""}`;

    // A viewer may look but not take; another account's path does not find it.
    const viewer = await call("DELETE", queueOf(one!.id, mine!.id), {
      token: ws.viewer.accessToken,
    });
    expect(viewer.status).toBe(403);
    const wrongAccount = await call("DELETE", queueOf(two!.id, mine!.id), {
      token: ws.editor.accessToken,
    });
    expect(wrongAccount.status).toBe(404);
    expect(wrongAccount.body.code).toBe("target_not_found");

    const removed = await call<{ items: { targetId: string }[] }>(
      "DELETE",
      queueOf(one!.id, mine!.id),
      { token: ws.editor.accessToken },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.items.map((i) => i.targetId)).not.toContain(mine!.id);
    expect(await schedulesFor(mine!.id)).toEqual([]);
    const post = await call<PostBody>("GET", `${posts()}/${created.body.id}`, {
      token: owner.accessToken,
    });
    expect(post.body.targets.find((t) => t.id === mine!.id)?.state).toBe("canceled");
    expect(post.body.targets.find((t) => t.id === theirs!.id)?.state).toBe("scheduled");
    expect(post.body.status).toBe("scheduled");

    // Again: it is gone, so a repeat answers 404 and changes nothing.
    const again = await call("DELETE", queueOf(one!.id, mine!.id), {
      token: ws.editor.accessToken,
    });
    expect(again.status).toBe(404);

    // Taking the last account's copy cancels the post whole.
    const last = await call("DELETE", queueOf(two!.id, theirs!.id), {
      token: ws.editor.accessToken,
    });
    expect(last.status).toBe(200);
    const after = await call<PostBody>("GET", `${posts()}/${created.body.id}`, {
      token: owner.accessToken,
    });
    expect(after.body.status).toBe("canceled");
  });

  it("refuses the queue for an account with no posting slots", async () => {
    const response = await call("POST", posts(), {
      token: owner.accessToken,
      body: { text: "Nowhere to go", targets: [{ accountId: x.id }], schedule: { mode: "queue" } },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("no_posting_slots");
  });
});

describe("recurring", () => {
  it("schedules the next occurrence of a weekly rule in Berlin", async () => {
    const start = `${DateTime.now().setZone("Europe/Berlin").plus({ days: 2 }).toFormat("yyyy-MM-dd")}T08:15`;
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "Weekly tip",
        targets: [{ accountId: mastodon.id }],
        schedule: {
          mode: "recurring",
          start,
          timeZone: "Europe/Berlin",
          rrule: "FREQ=WEEKLY;COUNT=5",
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.targets[0]!.dueAt).toBe(
      DateTime.fromISO(start, { zone: "Europe/Berlin" })
        .toUTC()
        .toISO({ suppressMilliseconds: true }),
    );
  });
});

describe("approval", () => {
  it("an editor's post waits; the owner rejects with a comment; the edit goes back; the owner approves", async () => {
    const settings = await call<{ version: number }>("GET", `/workspaces/${ws.workspaceId}`, {
      token: owner.accessToken,
    });
    await call("PATCH", `/workspaces/${ws.workspaceId}`, {
      token: owner.accessToken,
      body: { approvalRequired: true, version: settings.body.version },
    });
    try {
      const submitted = await call<PostBody>("POST", posts(), {
        token: ws.editor.accessToken,
        body: {
          text: "Needs a look",
          targets: [{ accountId: mastodon.id }],
          schedule: { mode: "at", at: nyLocal(4), timeZone: "America/New_York" },
        },
      });
      expect(submitted.body.status).toBe("pending_approval");
      expect(submitted.body.targets[0]!.state).toBe("pending_approval");
      const queue = await call<{ items: { id: string }[] }>(
        "GET",
        `/workspaces/${ws.workspaceId}/approvals`,
        { token: ws.admin.accessToken },
      );
      expect(queue.body.items.map((p) => p.id)).toContain(submitted.body.id);
      expect(
        (
          await call("GET", `/workspaces/${ws.workspaceId}/approvals`, {
            token: ws.editor.accessToken,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call("POST", `${posts()}/${submitted.body.id}/approve`, {
            token: ws.editor.accessToken,
          })
        ).status,
      ).toBe(403);

      const rejected = await call<PostBody>("POST", `${posts()}/${submitted.body.id}/reject`, {
        token: owner.accessToken,
        body: { comment: "Add the link to the announcement" },
      });
      expect(rejected.body).toMatchObject({
        status: "draft",
        approval: "rejected",
        approvalComment: "Add the link to the announcement",
      });
      const [mail] = await mailTo(ws.editor.email);
      expect(mail?.text).toContain("Add the link to the announcement");

      const resubmitted = await call<PostBody>("PATCH", `${posts()}/${submitted.body.id}`, {
        token: ws.editor.accessToken,
        body: {
          version: rejected.body.version,
          text: "Needs a look: https://example.com/news",
          schedule: { mode: "at", at: nyLocal(4), timeZone: "America/New_York" },
        },
      });
      expect(resubmitted.body).toMatchObject({ status: "pending_approval", approval: "pending" });

      const approved = await call<PostBody>("POST", `${posts()}/${submitted.body.id}/approve`, {
        token: owner.accessToken,
      });
      expect(approved.body).toMatchObject({ status: "scheduled", approval: "approved" });
      const target = approved.body.targets[0]!;
      expect(await schedulesFor(target.id)).toEqual([`${target.id}-v${target.version}`]);

      // Editing an approved post sends it back.
      const edited = await call<PostBody>("PATCH", `${posts()}/${submitted.body.id}`, {
        token: ws.editor.accessToken,
        body: { version: approved.body.version, text: "Changed after approval" },
      });
      expect(edited.body.status).toBe("pending_approval");
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

describe("the calendar", () => {
  it("lists a range's targets by due time, filtered by network, tag and state", async () => {
    const at = nyLocal(12, "11:00");
    const created = await call<PostBody>("POST", posts(), {
      token: owner.accessToken,
      body: {
        text: "On the calendar",
        tags: ["calendar-test"],
        targets: [{ accountId: x.id }, { accountId: mastodon.id }],
        schedule: { mode: "at", at, timeZone: "America/New_York" },
      },
    });
    const due = DateTime.fromISO(at, { zone: "America/New_York" });
    const range = `from=${encodeURIComponent(due.minus({ days: 1 }).toUTC().toISO() ?? "")}&to=${encodeURIComponent(due.plus({ days: 1 }).toUTC().toISO() ?? "")}`;
    const calendar = `/workspaces/${ws.workspaceId}/calendar?${range}`;
    const all = await call<{ items: { targetId: string; network: string; text: string }[] }>(
      "GET",
      `${calendar}&tag=calendar-test`,
      { token: ws.viewer.accessToken },
    );
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => i.targetId).sort()).toEqual(
      created.body.targets.map((t) => t.id).sort(),
    );
    expect(all.body.items[0]?.text).toBe("On the calendar");
    const onlyX = await call<{ items: { network: string }[] }>(
      "GET",
      `${calendar}&tag=calendar-test&network=x`,
      { token: ws.viewer.accessToken },
    );
    expect(onlyX.body.items.map((i) => i.network)).toEqual(["x"]);
    const none = await call<{ items: unknown[] }>(
      "GET",
      `${calendar}&tag=calendar-test&state=published`,
      { token: ws.viewer.accessToken },
    );
    expect(none.body.items).toEqual([]);
    const tooWide = await call(
      "GET",
      `/workspaces/${ws.workspaceId}/calendar?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z`,
      { token: ws.viewer.accessToken },
    );
    expect(tooWide.status).toBe(400);
  });
});
