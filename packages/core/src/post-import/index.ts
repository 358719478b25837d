import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { Csv } from "../csv/index.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { reportProgress } from "../job/progress.ts";
import { Post } from "../post/index.ts";
import { autoAppendByAccount, signaturesOfWorkspace } from "../signature/append.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";
import { Workspace } from "../workspace/index.ts";
import { checkCandidate } from "./check.ts";
import { readHeader } from "./columns.ts";
import { Problem as ProblemSchema } from "./problem.ts";
import { AccountDirectory, type Candidate, candidateOf } from "./rows.ts";

/**
 * Many posts from one CSV file, one post per row. Every row is checked as the composer checks a
 * post (accounts, time, zone, rule, each network's content rules); a dry run reports the problems
 * and creates nothing, and a real import creates all posts or none.
 */
export namespace PostImport {
  export const maxBytes = 5 * 1024 * 1024;
  export const maxRows = 5_000;
  /** Posts created at once; queue posts go one at a time so each finds its own free slot. */
  const batchSize = 10;

  export const Problem = ProblemSchema;
  export type Problem = z.infer<typeof ProblemSchema>;
  export const Report = z.object({
    dryRun: z.boolean(),
    rows: z.number().describe("Rows in the file, not counting the header"),
    ready: z.number().describe("Rows without problems: the posts an import makes"),
    created: z.array(z.object({ row: z.number(), postId: z.string() })),
    problems: z.array(Problem),
  });
  export type Report = z.infer<typeof Report>;

  export const Input = z.object({
    csv: z.string(),
    dryRun: z.boolean().default(false),
  });

  export const run = fn(Input, async ({ csv, dryRun }): Promise<Report> => {
    assertRole("editor");
    if (Buffer.byteLength(csv, "utf8") > maxBytes) throw tooLarge();
    const workspaceId = useWorkspace();
    // Progress counts each row once when checked and, in a real import, once when created.
    const { candidates, problems, rows } = await check(csv, workspaceId, dryRun ? 1 : 2);
    const ready = candidates.filter((c) => c.problems.length === 0).length;
    if (dryRun) return { dryRun, rows, ready, created: [], problems };
    if (problems.length) {
      const broken = new Set(problems.map((p) => p.row)).size;
      throw new VisibleError(
        "import_invalid",
        `${broken} row${broken === 1 ? " has" : "s have"} problems, so nothing was imported. Fix them (a dry run lists them) and import again.`,
        undefined,
        { problems },
      );
    }
    const created = await createAll(candidates);
    await Activity.record({
      action: "post.imported",
      subjectType: "workspace",
      subjectId: workspaceId,
      summary: `Imported ${created.length} post${created.length === 1 ? "" : "s"} from a CSV file`,
    });
    return { dryRun, rows, ready, created, problems: [] };
  });

  export const tooLarge = () =>
    new VisibleError(
      "import_too_large",
      `An import file can be up to ${maxBytes / 1024 / 1024} MB and ${maxRows.toLocaleString("en")} rows; split it into smaller files.`,
    );

  /** Reads the file and checks every row; problems come sorted by row. */
  async function check(csv: string, workspaceId: string, passes: number) {
    const parsed = Csv.read(csv);
    const problems: Problem[] = parsed.broken.map((b) => ({
      row: b.row,
      line: b.line,
      column: null,
      code: b.code,
      message: b.message,
    }));
    const [header, ...data] = parsed.rows;
    const rows = data.length + parsed.broken.length;
    if (rows > maxRows) throw tooLarge();
    const candidates: Candidate[] = [];
    const headerBroken = parsed.broken[0] && (!header || parsed.broken[0].line < header.line);
    if (headerBroken) return { candidates, problems: problems.slice(0, 1), rows: 0 };
    if (!header || rows === 0) {
      problems.push({
        row: header ? header.row + 1 : 1,
        line: header ? header.line + 1 : 1,
        column: null,
        code: "no_rows",
        message:
          "The file has no posts: write a header row (text, accounts, …), then one row per post.",
      });
      return { candidates, problems, rows };
    }
    const { columns, problems: headerProblems } = readHeader(header.fields, {
      row: header.row,
      line: header.line,
    });
    problems.push(...headerProblems);
    // Without accounts no row can be checked; the header's problem says what to add.
    if (columns.known.accounts === undefined) return { candidates, problems, rows };

    const [workspace, accounts, signatures] = await Promise.all([
      Workspace.get(workspaceId),
      db().entities.account.query.byWorkspace({ workspaceId }).go({ pages: "all" }),
      signaturesOfWorkspace(workspaceId),
    ]);
    const context = {
      columns,
      directory: new AccountDirectory(accounts.data),
      workspaceZone: workspace.timeZone,
      signatures: autoAppendByAccount(signatures),
    };
    for (const row of data) {
      if (row.fields.length !== columns.count) {
        problems.push({
          row: row.row,
          line: row.line,
          column: null,
          code: "wrong_column_count",
          message: `This row has ${row.fields.length} field${row.fields.length === 1 ? "" : "s"}; the header has ${columns.count}. Quote fields that contain commas.`,
        });
        continue;
      }
      candidates.push(candidateOf(row.fields, { row: row.row, line: row.line }, context));
    }
    for (let start = 0; start < candidates.length; start += batchSize) {
      const batch = candidates.slice(start, start + batchSize);
      const found = await Promise.all(batch.map((c) => checkCandidate(c, context)));
      for (const [index, candidate] of batch.entries()) {
        candidate.problems.push(...(found[index] ?? []));
      }
      reportProgress(start + batch.length, candidates.length * passes);
    }
    problems.push(...candidates.flatMap((c) => c.problems));
    problems.sort((a, b) => a.row - b.row);
    return { candidates, problems, rows };
  }

  /** Consecutive rows share a batch, except queue rows, which take slots one after another. */
  function batchesOf(candidates: Candidate[], size: number): Candidate[][] {
    const batches: Candidate[][] = [];
    let current: Candidate[] = [];
    for (const candidate of candidates) {
      if (candidate.mode === "queue" || current.length === size) {
        if (current.length) batches.push(current);
        current = [];
      }
      current.push(candidate);
      if (candidate.mode === "queue") {
        batches.push(current);
        current = [];
      }
    }
    if (current.length) batches.push(current);
    return batches;
  }

  /**
   * Creates each row's post the composer's way (Post.createMany), so scheduling, signatures and
   * approval are the same, a hundred rows at a time. Should one fail after all passed the checks
   * (an account disconnected meanwhile), the posts already made are deleted again and the
   * failure is reported on its row.
   */
  async function createAll(candidates: Candidate[]): Promise<Report["created"]> {
    const created: Report["created"] = [];
    for (const batch of batchesOf(candidates, 100)) {
      const results = await Post.createMany(batch.map((c) => c.input));
      const failed = results.findIndex((r) => r.status === "rejected");
      for (const [index, result] of results.entries()) {
        if (result.status === "fulfilled") {
          created.push({ row: batch[index]?.row ?? 0, postId: result.value });
        }
      }
      reportProgress(candidates.length + created.length, candidates.length * 2);
      if (failed === -1) continue;
      await Promise.allSettled(created.map(({ postId }) => Post.remove({ postId })));
      const reason = (results[failed] as PromiseRejectedResult).reason;
      if (!(reason instanceof VisibleError)) throw reason;
      throw new VisibleError(
        "import_invalid",
        "A row could not be imported, so nothing was imported. Fix it and import again.",
        undefined,
        {
          problems: [
            {
              row: batch[failed]?.row ?? 0,
              line: batch[failed]?.line ?? 0,
              column: null,
              code: reason.code,
              message: reason.message,
            },
          ],
        },
      );
    }
    return created;
  }
}
