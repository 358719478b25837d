import { withActor } from "@cadence/core/actor";
import { Csv } from "@cadence/core/csv";
import { db } from "@cadence/core/db/service";
import { Job } from "@cadence/core/job";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAccount } from "../support/accounts.ts";
import { call, type Person, signUp } from "../support/api.ts";
import { download, finished, type JobBody, jobsWorker } from "../support/jobs.ts";

// Heavy work runs as jobs on the jobs queue, played here by the local worker as Lambda's event
// source mapping plays it in a stage: no request holds it, so API Gateway's 29 seconds and
// Lambda's 6 MB response do not apply.

let owner: Person;
let worker: ReturnType<typeof jobsWorker>;
const base = () => `/workspaces/${owner.workspaceId}`;
const month = DateTime.utc().toFormat("yyyy-MM");

beforeAll(async () => {
  owner = await signUp("jobs");
  worker = jobsWorker();
});
afterAll(async () => {
  await worker.stop();
});

describe("imports and exports as jobs", () => {
  it("a 5,000-row import, then a 20,000-row export, each run as a job and complete", async () => {
    const accounts = await Promise.all(
      ["x", "mastodon", "linkedin", "bluesky"].map((network) =>
        connectAccount(owner, owner.workspaceId, network),
      ),
    );
    const handles = accounts.map((a) => `${a.network}:${a.handle}`).join(";");
    const rows = Array.from({ length: 5_000 }, (_, i) => [`Row ${i + 1}, in bulk`, handles]);
    const csv = Csv.write([["text", "accounts"], ...rows]);
    expect(csv.length).toBeLessThan(5 * 1024 * 1024);

    const started = await call<JobBody>("POST", `${base()}/posts/import`, {
      token: owner.accessToken,
      raw: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(started.status, started.text).toBe(202);
    expect(started.body).toMatchObject({ kind: "post_import", state: "queued" });
    expect(started.headers.get("location")).toBe(`${base()}/jobs/${started.body.id}`);

    // DynamoDB Local on a busy laptop writes far slower than DynamoDB: allow for it, and poll
    // with an API key, which outlives a session's 15-minute access token.
    const key = await call<{ key: string }>("POST", `${base()}/api-keys`, {
      token: owner.accessToken,
      body: { name: "poller", role: "viewer" },
    });
    expect(key.status, key.text).toBe(201);
    const seen: JobBody[] = [];
    const imported = await finished(started, key.body.key, { timeoutMs: 1_800_000, seen });
    expect(imported.state, JSON.stringify(imported.error)).toBe("succeeded");
    const report = imported.result as { rows: number; created: { row: number }[] };
    expect(report.rows).toBe(5_000);
    expect(report.created).toHaveLength(5_000);
    expect(new Set(report.created.map((c) => c.row)).size).toBe(5_000);
    // Progress moved while it ran, and ends complete.
    expect(seen.some((s) => s.state === "running" && s.progress.done > 0)).toBe(true);
    expect(imported.progress.done).toBe(imported.progress.total);

    // Four accounts per post: 20,000 rows.
    const exportStarted = await call<JobBody>("POST", `${base()}/posts/export`, {
      token: key.body.key,
      body: { format: "csv", from: month },
    });
    expect(exportStarted.status, exportStarted.text).toBe(202);
    const exported = await finished(exportStarted, key.body.key, { timeoutMs: 1_200_000 });
    expect(exported.state, JSON.stringify(exported.error)).toBe("succeeded");
    expect(exported.result).toMatchObject({ rows: 20_000, format: "csv" });
    expect(exported.download?.fileName).toBe(`cadence-posts-${month}-${month}.csv`);

    const file = await download(exported);
    expect(file.status).toBe(200);
    const parsed = Csv.read(file.text);
    expect(parsed.broken).toEqual([]);
    expect(parsed.rows).toHaveLength(20_001);
    const header = parsed.rows[0]?.fields ?? [];
    const texts = new Set(parsed.rows.slice(1).map((r) => r.fields[header.indexOf("text")]));
    expect(texts.size).toBe(5_000);
    expect(texts.has("Row 4999, in bulk")).toBe(true);
  }, 3_600_000);
});

describe("a job runs once", () => {
  it("three deliveries of one job message (two duplicates and the worker's) claim it once", async () => {
    const person = await signUp("jobs-once");
    const job = await withActor(
      {
        type: "user",
        userId: person.userId,
        email: person.email,
        sessionId: "test",
        workspace: { workspaceId: person.workspaceId, role: "owner" },
      },
      () => Job.start({ kind: "post_export", params: { format: "json", from: month } }),
    );
    const message = { workspaceId: person.workspaceId, jobId: job.id };
    await Promise.all([Job.run(message), Job.run(message)]);
    const done = await finished(
      {
        status: 202,
        headers: new Headers({ location: `/workspaces/${person.workspaceId}/jobs/${job.id}` }),
        body: job as JobBody,
        text: "",
      },
      person.accessToken,
    );
    expect(done.state).toBe("succeeded");
    const item = await db()
      .entities.job.get({ workspaceId: person.workspaceId, jobId: job.id })
      .go();
    expect(item.data?.attempt).toBe(1);
    // A late duplicate after it finished changes nothing.
    await Job.run(message);
    const after = await db().entities.job.get(message).go();
    expect(after.data?.updatedAt).toBe(item.data?.updatedAt);
  });

  it("a job polled from another workspace is not found", async () => {
    const other = await signUp("jobs-other");
    const started = await call<JobBody>("POST", `${base()}/posts/export`, {
      token: owner.accessToken,
      body: { format: "csv", from: month },
    });
    const foreign = await call("GET", `/workspaces/${other.workspaceId}/jobs/${started.body.id}`, {
      token: other.accessToken,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("job_not_found");
  });

  it("a body that is not a job message is dropped", () => {
    expect(Job.readMessage("not json")).toBeUndefined();
    expect(Job.readMessage(JSON.stringify({ workspaceId: "ws_1" }))).toBeUndefined();
    expect(Job.readMessage(JSON.stringify({ workspaceId: "ws_1", jobId: "job_1" }))).toEqual({
      workspaceId: "ws_1",
      jobId: "job_1",
    });
  });
});
