import { Csv } from "@cadence/core/csv";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAccount } from "../support/accounts.ts";
import { call, type Person, team } from "../support/api.ts";
import { download, finished, type JobBody, jobsWorker } from "../support/jobs.ts";

type Target = {
  id: string;
  accountId: string;
  network: string;
  state: string;
  dueAt: string | null;
  overrides: { text?: string };
};
type PostBody = { id: string; status: string; version: number; text: string; targets: Target[] };
type Problem = { row: number; column: string | null; code: string; message: string };
type Report = {
  dryRun: boolean;
  rows: number;
  ready: number;
  created: { row: number; postId: string }[];
  problems: Problem[];
};

let ws: Awaited<ReturnType<typeof team>>;
let owner: Person;
let x: { id: string; handle: string };
let mastodon: { id: string; handle: string };

const base = () => `/workspaces/${ws.workspaceId}`;
/** A local time in New York some days ahead, as the composer and the CSV template write it. */
const nyLocal = (daysAhead: number, hhmm = "09:00") =>
  `${DateTime.now().setZone("America/New_York").plus({ days: daysAhead }).toFormat("yyyy-MM-dd")}T${hhmm}`;
const utcOf = (local: string, zone = "America/New_York") =>
  DateTime.fromISO(local, { zone }).toUTC().toISO({ suppressMilliseconds: true });

/**
 * Imports through the job the route starts: `status` is the POST's answer (202, or a refusal
 * before any job), `report` a finished job's result, `error` a failed job's error.
 */
async function importCsv(csv: string, options: { dryRun: boolean; token?: string }) {
  const token = options.token ?? owner.accessToken;
  const started = await call<JobBody & { code?: string }>(
    "POST",
    `${base()}/posts/import?dryRun=${options.dryRun}`,
    { token, raw: csv, headers: { "content-type": "text/csv" } },
  );
  if (started.status !== 202) return { status: started.status, body: started.body };
  const job = await finished(started, token);
  return {
    status: started.status,
    body: started.body,
    job,
    report: job.result as Report | null,
    error: job.error as { code: string; details?: { problems?: Problem[] } } | null,
  };
}

/** Exports through the job the route starts, and downloads the file it wrote. */
async function exportPosts(input: Record<string, string>, token: string) {
  const started = await call<JobBody & { code?: string }>("POST", `${base()}/posts/export`, {
    token,
    body: input,
  });
  if (started.status !== 202) return { status: started.status, body: started.body };
  const job = await finished(started, token);
  return { status: started.status, body: started.body, job, file: await download(job) };
}

let worker: ReturnType<typeof jobsWorker>;
beforeAll(() => {
  worker = jobsWorker();
});
afterAll(async () => {
  await worker.stop();
});

async function postIdsThisMonth(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: { id: string }[]; cursor: string | null } } = await call(
      "GET",
      `${base()}/posts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { token: owner.accessToken },
    );
    ids.push(...page.body.items.map((p) => p.id));
    cursor = page.body.cursor;
  } while (cursor);
  return ids;
}

const header =
  "text,accounts,schedule_mode,at,time_zone,rrule,tags,campaign,media_ids,text.mastodon";

beforeAll(async () => {
  ws = await team("compose");
  owner = ws.owner;
  x = await connectAccount(owner, ws.workspaceId, "x", { handle: `cadence-x-${Date.now()}` });
  mastodon = await connectAccount(owner, ws.workspaceId, "mastodon", {
    handle: `cadence-m-${Date.now()}`,
  });
}, 120_000);

describe("signatures", () => {
  it("an auto-appended signature counts toward X's 280: a post that fits without it is refused with it", async () => {
    const signedX = await connectAccount(owner, ws.workspaceId, "x", {
      handle: `signed-${Date.now()}`,
    });
    const signature = "-- Sent with Cadence";
    const saved = await call<{ id: string; version: number }>("POST", `${base()}/signatures`, {
      token: ws.editor.accessToken,
      body: { name: "Sign-off", text: signature, autoAppend: [signedX.id] },
    });
    expect(saved.status, saved.text).toBe(201);

    const text = "a".repeat(260);
    const schedule = { mode: "at", at: nyLocal(6), timeZone: "America/New_York" };
    const refused = await call("POST", `${base()}/posts`, {
      token: owner.accessToken,
      body: { text, targets: [{ accountId: signedX.id }], schedule },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("content_invalid");
    expect(refused.body.detail).toContain("X allows 280 characters (weighted); this post has 282.");

    // Without the signature the same text fits: as a draft, which is not signed yet.
    const draft = await call<PostBody>("POST", `${base()}/posts`, {
      token: owner.accessToken,
      body: { text, targets: [{ accountId: signedX.id }] },
    });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.targets[0]?.overrides.text).toBeUndefined();

    const scheduled = await call<PostBody>("POST", `${base()}/posts`, {
      token: owner.accessToken,
      body: {
        text: "Launch day",
        targets: [{ accountId: signedX.id }, { accountId: mastodon.id }],
        schedule,
      },
    });
    expect(scheduled.status, scheduled.text).toBe(201);
    expect(scheduled.body.targets.map((t) => t.overrides.text)).toEqual([
      `Launch day\n\n${signature}`,
      undefined,
    ]);
    // Rescheduling signs nothing twice; editing the text moves the signature along.
    const moved = await call<PostBody>("POST", `${base()}/posts/${scheduled.body.id}/schedule`, {
      token: owner.accessToken,
      body: { version: scheduled.body.version, schedule: { ...schedule, at: nyLocal(7) } },
    });
    expect(moved.body.targets[0]?.overrides.text).toBe(`Launch day\n\n${signature}`);
    const edited = await call<PostBody>("PATCH", `${base()}/posts/${scheduled.body.id}`, {
      token: owner.accessToken,
      body: { version: moved.body.version, text: "Launch week" },
    });
    expect(edited.body.targets[0]?.overrides.text).toBe(`Launch week\n\n${signature}`);
  });

  it("edits carry the version: 428 without it, 412 when stale", async () => {
    const saved = await call<{ id: string; version: number }>("POST", `${base()}/signatures`, {
      token: owner.accessToken,
      body: { name: "Hashtags", text: "#cadence #scheduling" },
    });
    const path = `${base()}/signatures/${saved.body.id}`;
    expect(
      (await call("PATCH", path, { token: owner.accessToken, body: { name: "Tags" } })).status,
    ).toBe(428);
    const renamed = await call<{ version: number; name: string }>("PATCH", path, {
      token: owner.accessToken,
      body: { name: "Tags" },
      headers: { "if-match": `"${saved.body.version}"` },
    });
    expect(renamed.body).toMatchObject({ name: "Tags", version: saved.body.version + 1 });
    const stale = await call("PATCH", path, {
      token: owner.accessToken,
      body: { name: "Lost", version: saved.body.version },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe("version_conflict");
    expect((await call("GET", path, { token: ws.viewer.accessToken })).body.name).toBe("Tags");
  });
});

describe("presets", () => {
  it("a preset fills the accounts and schedule a new post leaves out; what the post gives wins", async () => {
    const at = nyLocal(8, "10:15");
    const preset = await call<{ id: string }>("POST", `${base()}/presets`, {
      token: ws.editor.accessToken,
      body: {
        name: "Launch",
        targets: [
          { accountId: x.id },
          { accountId: mastodon.id, overrides: { text: "For the fediverse" } },
        ],
        schedule: { mode: "at", at, timeZone: "America/New_York" },
      },
    });
    expect(preset.status, preset.text).toBe(201);

    const filled = await call<PostBody>("POST", `${base()}/posts`, {
      token: ws.editor.accessToken,
      body: { text: "From a preset", presetId: preset.body.id },
    });
    expect(filled.status, filled.text).toBe(201);
    expect(
      filled.body.targets.map((t) => [t.accountId, t.state, t.dueAt, t.overrides.text]),
    ).toEqual([
      [x.id, "scheduled", utcOf(at), undefined],
      [mastodon.id, "scheduled", utcOf(at), "For the fediverse"],
    ]);

    const own = await call<PostBody>("POST", `${base()}/posts`, {
      token: ws.editor.accessToken,
      body: {
        text: "Mine",
        presetId: preset.body.id,
        targets: [{ accountId: x.id }],
        schedule: { mode: "draft" },
      },
    });
    expect(own.body.targets.map((t) => [t.accountId, t.state])).toEqual([[x.id, "draft"]]);

    const unknown = await call("POST", `${base()}/posts`, {
      token: ws.editor.accessToken,
      body: { text: "Nope", presetId: "pre_unknown" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: "preset_not_found", field: "presetId" });
  });
});

describe("CSV import", () => {
  it("a dry run reports each broken row, by row and column, and creates nothing", async () => {
    const at = nyLocal(10);
    const csv = [
      header,
      `Good one,${x.handle},at,${at},America/New_York,,,,,`,
      `Bad zone,${x.handle},at,${at},Mars/Olympus,,,,,`,
      `Unknown account,nobody-here,at,${at},America/New_York,,,,,`,
      `Too late,${x.handle},at,2020-01-01T09:00,America/New_York,,,,,`,
      `Bad rule,${x.handle},recurring,${at},America/New_York,FREQ=SOMETIMES,,,,`,
      `${"b".repeat(300)},${x.handle};${mastodon.handle},at,${at},America/New_York,,,,,`,
      `"Never closed,${x.handle},draft,,,,,,,`,
      `After the broken one,${mastodon.handle},draft,,,,,,,`,
      `Too,many,fields,,,,,,,,,`,
    ].join("\n");
    const before = await postIdsThisMonth();
    const report = await importCsv(csv, { dryRun: true });
    expect(report.job?.state).toBe("succeeded");
    expect(report.report?.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, "time_zone", "invalid_time_zone"],
      [4, "accounts", "account_not_found"],
      [5, "at", "time_in_past"],
      [6, "rrule", "invalid_rrule"],
      [7, "text", "text_too_long"],
      [8, null, "unbalanced_quote"],
      [10, null, "wrong_column_count"],
    ]);
    expect(report.report?.problems.find((p) => p.row === 7)?.message).toBe(
      "X allows 280 characters (weighted); this post has 300.",
    );
    expect(report.report).toMatchObject({ dryRun: true, rows: 9, ready: 2, created: [] });

    const refused = await importCsv(csv, { dryRun: false });
    expect(refused.job?.state).toBe("failed");
    expect(refused.error).toMatchObject({ code: "import_invalid" });
    expect(refused.error?.details?.problems).toHaveLength(7);
    expect(await postIdsThisMonth()).toEqual(before);
  });

  it("an unknown header is reported on row 1", async () => {
    const report = await importCsv(`text,accounts,colour\nHello,${x.handle},blue\n`, {
      dryRun: true,
    });
    expect(report.report?.problems).toEqual([
      {
        row: 1,
        line: 1,
        column: "colour",
        code: "unknown_column",
        message: expect.stringContaining("Unknown column"),
      },
    ]);
  });

  it("a clean file imports one post per row, each scheduled as the composer would, in the list and the calendar", async () => {
    const at = nyLocal(11, "14:30");
    const start = nyLocal(12, "08:00");
    const csv = Csv.write([
      header.split(","),
      [
        'Hello, world — "quoted"\nand on two lines',
        `${x.handle};@${mastodon.handle}`,
        "at",
        at,
        "America/New_York",
        "",
        "launch;csv",
        "spring",
        "",
        "Fediverse words",
      ],
      ["Just a draft", `x:${x.handle}`, "", "", "", "", "", "", "", ""],
      [
        "Weekly tip",
        mastodon.id,
        "recurring",
        start,
        "Europe/Berlin",
        "FREQ=WEEKLY;COUNT=3",
        "",
        "",
        "",
        "",
      ],
    ]);
    const dry = await importCsv(csv, { dryRun: true });
    expect(dry.report).toMatchObject({ rows: 3, ready: 3, problems: [], created: [] });

    const imported = await importCsv(csv, { dryRun: false });
    expect(imported.job?.state).toBe("succeeded");
    const created = imported.report?.created ?? [];
    expect(created.map((c) => c.row)).toEqual([2, 3, 4]);
    const [first, draft, weekly] = await Promise.all(
      created.map(
        async (c) =>
          (await call<PostBody>("GET", `${base()}/posts/${c.postId}`, { token: owner.accessToken }))
            .body,
      ),
    );
    expect(first?.text).toBe('Hello, world — "quoted"\nand on two lines');
    expect(first?.targets.map((t) => [t.network, t.state, t.dueAt, t.overrides.text])).toEqual([
      ["x", "scheduled", utcOf(at), undefined],
      ["mastodon", "scheduled", utcOf(at), "Fediverse words"],
    ]);
    expect(draft?.targets.map((t) => [t.accountId, t.state])).toEqual([[x.id, "draft"]]);
    expect(weekly?.targets[0]).toMatchObject({
      state: "scheduled",
      dueAt: utcOf(start, "Europe/Berlin"),
    });

    const listed = await postIdsThisMonth();
    for (const { postId } of created) expect(listed).toContain(postId);
    const due = DateTime.fromISO(at, { zone: "America/New_York" });
    const calendar = await call<{ items: { postId: string }[] }>(
      "GET",
      `${base()}/calendar?from=${encodeURIComponent(due.minus({ hours: 1 }).toUTC().toISO() ?? "")}&to=${encodeURIComponent(due.plus({ hours: 1 }).toUTC().toISO() ?? "")}&tag=csv`,
      { token: ws.viewer.accessToken },
    );
    expect(calendar.body.items.map((i) => i.postId)).toEqual([first?.id, first?.id]);
  });

  it("a viewer cannot import", async () => {
    const response = await importCsv(`text,accounts\nHi,${x.handle}\n`, {
      dryRun: true,
      token: ws.viewer.accessToken,
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("role_required");
  });

  it("another workspace's account handle is unknown here", async () => {
    const other = await team("compose-other");
    const foreign = await connectAccount(other.owner, other.workspaceId, "x", {
      handle: `foreign-${Date.now()}`,
    });
    const report = await importCsv(
      `text,accounts\nSneaky,${foreign.handle}\nSneakier,${foreign.id}\n`,
      { dryRun: true },
    );
    expect(report.report?.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, "accounts", "account_not_found"],
      [3, "accounts", "account_not_found"],
    ]);
  });

  it("refuses a file over 5 MB with 413", async () => {
    const response = await importCsv(
      `text,accounts\n${"x".repeat(5 * 1024 * 1024 + 100_000)},a\n`,
      { dryRun: true },
    );
    expect(response.status).toBe(413);
  });
});

describe("export", () => {
  it("CSV round-trips quotes, commas and line breaks, and the JSON export has the same rows", async () => {
    const text = 'She said "ship it", twice,\r\nthen left\nfor lunch';
    const created = await call<PostBody>("POST", `${base()}/posts`, {
      token: owner.accessToken,
      body: {
        text,
        tags: ["export", "q2"],
        targets: [{ accountId: x.id }, { accountId: mastodon.id }],
        schedule: { mode: "at", at: nyLocal(9), timeZone: "America/New_York" },
      },
    });
    const month = DateTime.utc().toFormat("yyyy-MM");
    const exported = await exportPosts(
      { format: "csv", from: month, to: month },
      ws.viewer.accessToken,
    );
    expect(exported.status).toBe(202);
    expect(exported.job?.state).toBe("succeeded");
    const csv = exported.file ?? { status: 0, contentType: "", disposition: "", text: "" };
    expect(csv.status).toBe(200);
    expect(csv.contentType).toContain("text/csv");
    expect(csv.disposition).toContain(`cadence-posts-${month}-${month}.csv`);
    expect(csv.text).toContain('"She said ""ship it"", twice,\r\nthen left\nfor lunch"');
    const { rows, broken } = Csv.read(csv.text);
    expect(broken).toEqual([]);
    const [head, ...body] = rows.map((r) => r.fields);
    const ours = body.filter((r) => r[head!.indexOf("post_id")] === created.body.id);
    expect(
      ours.map((r) => [
        r[head!.indexOf("network")],
        r[head!.indexOf("text")],
        r[head!.indexOf("state")],
        r[head!.indexOf("tags")],
      ]),
    ).toEqual([
      ["x", text, "scheduled", "export;q2"],
      ["mastodon", text, "scheduled", "export;q2"],
    ]);
    expect(ours[0]?.[head!.indexOf("impressions")]).toBe("");

    const json = await exportPosts({ format: "json", from: month }, ws.viewer.accessToken);
    expect(json.file?.status).toBe(200);
    const items = (
      JSON.parse(json.file?.text ?? "{}") as {
        items: Record<string, string | number | null>[];
      }
    ).items;
    const asCsv = items.map((item) =>
      head!.map((column) => {
        const value = item[column.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase())];
        return value === null || value === undefined ? "" : String(value);
      }),
    );
    expect(asCsv).toEqual(body);
  });

  it("refuses more than 12 months", async () => {
    const response = await exportPosts({ from: "2024-01", to: "2025-06" }, ws.viewer.accessToken);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("invalid_period");
  });
});
