import * as z from "zod";
import { type Actor, assertRole, useActor, useWorkspace, withActor } from "../actor/index.ts";
import { unlessConditionFails } from "../db/condition.ts";
import type { JobItem } from "../db/entities/job.ts";
import { db } from "../db/service.ts";
import { catalogue, type ErrorCode, VisibleError } from "../error/index.ts";
import { logError } from "../log/index.ts";
import { type JobMessage, usePorts } from "../ports.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";
import { infoOf, JobInfo, type JobKind } from "./info.ts";
import { type JobContext, jobKinds } from "./kinds.ts";
import { withProgress } from "./progress.ts";

/**
 * Heavy work off the request: CSV imports and exports and video processing. `start` stores the
 * input and the job, then queues it; the jobs consumer (functions/src/jobs) `run`s it as the
 * person who started it, reporting progress; callers poll `get`, which carries a short-lived
 * download link once an export is written.
 */
export namespace Job {
  export const Info = JobInfo;
  export type Info = JobInfo;

  /** The jobs consumer's timeout is 15 minutes (infra/jobs.ts); a claim lasts a bit longer. */
  const leaseMs = 16 * 60_000;
  /** Receives before the queue dead-letters a message (infra/jobs.ts). */
  export const maxAttempts = 3;
  /** A queued job whose message has not been taken in this long is queued again on a poll. */
  const requeueAfterMs = 5 * 60_000;
  const keepDays = 7;

  export const fileKey = (workspaceId: string, jobId: string, name: string) =>
    `jobs/${workspaceId}/${jobId}/${name}`;

  /** Stores the job (and its input file first), then queues it; the caller polls `get`. */
  export async function start(input: {
    kind: JobKind;
    /** Fixed by a caller that records the job's id first, so starting it again is harmless. */
    jobId?: string;
    params?: Record<string, unknown>;
    file?: { name: string; body: string; contentType: string };
  }): Promise<Info> {
    assertRole(jobKinds[input.kind].role);
    const workspaceId = useWorkspace();
    const jobId = input.jobId ?? newId("job");
    const inputKey = input.file ? fileKey(workspaceId, jobId, input.file.name) : undefined;
    if (inputKey && input.file) {
      await usePorts().blobs.put(inputKey, input.file.body, input.file.contentType);
    }
    const creating = db()
      .entities.job.create({
        workspaceId,
        jobId,
        kind: input.kind,
        actor: JSON.stringify(useActor()),
        params: JSON.stringify(input.params ?? {}),
        inputKey,
        expiresAt: Math.floor(Date.now() / 1000) + keepDays * 86_400,
      })
      .go();
    const created = input.jobId ? await unlessConditionFails(creating) : await creating;
    if (!created) {
      // Started before: its message may have been lost in a crash, so a queued one is sent again.
      const existing = (await db().entities.job.get({ workspaceId, jobId }).go()).data as JobItem;
      if (existing.state === "queued") await usePorts().jobs.send({ workspaceId, jobId });
      return infoOf(existing);
    }
    // After the write: a message for a job that does not exist would be dropped anyway.
    await usePorts().jobs.send({ workspaceId, jobId });
    return infoOf(created.data as JobItem);
  }

  export const GetInput = z.object({ jobId: z.string().min(1).max(64) });

  /** The job's state; a job whose message was lost (a crash before sending) is queued again. */
  export const get = fn(GetInput, async ({ jobId }): Promise<Info> => {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const item = (await db().entities.job.get({ workspaceId, jobId }).go()).data;
    if (!item) {
      throw new VisibleError(
        "job_not_found",
        "There is no such job in this workspace; jobs are kept for 7 days.",
      );
    }
    if (item.state === "queued" && Date.parse(item.updatedAt) < Date.now() - requeueAfterMs) {
      // Harmless if the first message still arrives: only one claim of a queued job succeeds.
      await usePorts().jobs.send({ workspaceId, jobId });
    }
    return infoOf(item);
  });

  /**
   * Runs one job message. A duplicate, or a message for a job another worker holds, does
   * nothing. Input problems end the job `failed` with what to fix; any other error propagates so
   * the queue delivers it again, and the last attempt marks the job failed first.
   */
  export async function run(message: JobMessage): Promise<void> {
    const { workspaceId, jobId } = message;
    const item = (await db().entities.job.get({ workspaceId, jobId }).go()).data;
    if (!item || item.state === "succeeded" || item.state === "failed") return;
    const attempt = await claim(item);
    if (attempt === undefined) return;

    const settle = (changes: Partial<JobItem>) =>
      db()
        .entities.job.patch({ workspaceId, jobId })
        .set(changes)
        .where((attr, op) => `${op.eq(attr.attempt, attempt)} AND ${op.eq(attr.state, "running")}`)
        .go();

    const actor = JSON.parse(item.actor) as Actor;
    const context: JobContext = {
      workspaceId,
      jobId,
      params: JSON.parse(item.params) as Record<string, unknown>,
      inputKey: item.inputKey,
    };
    try {
      const outcome = await withActor(actor, () =>
        withProgress(progressWriter(workspaceId, jobId, attempt), () =>
          jobKinds[item.kind].run(context),
        ),
      );
      const resultKey = outcome.file ? fileKey(workspaceId, jobId, outcome.file.name) : undefined;
      if (resultKey && outcome.file) {
        await usePorts().blobs.put(resultKey, outcome.file.body, outcome.file.contentType);
      }
      await settle({
        state: "succeeded",
        result: JSON.stringify(outcome.result),
        resultKey,
        resultName: outcome.file?.name,
      });
    } catch (error) {
      if (error instanceof VisibleError) {
        await settle({
          state: "failed",
          errorCode: error.code,
          errorMessage: error.message,
          errorDetails: error.details ? JSON.stringify(error.details) : undefined,
        });
        return;
      }
      if (attempt >= maxAttempts) {
        logError("job failed on its last attempt", { workspaceId, jobId, error: describe(error) });
        await settle({
          state: "failed",
          errorCode: "job_crashed" satisfies ErrorCode,
          errorMessage: catalogue.job_crashed.fix,
        });
        return;
      }
      throw error;
    }
  }

  /** Takes a queued job, or a running one whose worker's lease lapsed; the claim's attempt. */
  async function claim(item: JobItem): Promise<number | undefined> {
    const now = new Date();
    const attempt = item.attempt + 1;
    try {
      await db()
        .entities.job.patch({ workspaceId: item.workspaceId, jobId: item.jobId })
        .set({
          state: "running",
          attempt,
          leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        })
        .where(
          (attr, op) =>
            `${op.eq(attr.attempt, item.attempt)} AND (${op.eq(attr.state, "queued")} OR (${op.eq(attr.state, "running")} AND ${op.lt(attr.leaseUntil, now.toISOString())}))`,
        )
        .go();
      return attempt;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  /** Writes progress at most once a second, only while this attempt holds the job. */
  function progressWriter(workspaceId: string, jobId: string, attempt: number) {
    let lastWrite = 0;
    let pending: Promise<unknown> = Promise.resolve();
    return (done: number, total: number) => {
      const now = Date.now();
      if (now - lastWrite < 1000 && done < total) return;
      lastWrite = now;
      pending = pending
        .then(() =>
          db()
            .entities.job.patch({ workspaceId, jobId })
            .set({ done, total })
            .where((attr, op) => op.eq(attr.attempt, attempt))
            .go(),
        )
        .catch((error: unknown) => {
          // Progress is advisory: a lost claim or a throttled write must not stop the work.
          if (!isConditionFailed(error)) {
            logError("job progress not written", { jobId, error: describe(error) });
          }
        });
    };
  }

  function describe(error: unknown) {
    return error instanceof Error ? { name: error.name, message: error.message } : String(error);
  }

  /** The message's ids, or undefined for a body that is not a job message. */
  export function readMessage(body: string): JobMessage | undefined {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return undefined;
    }
    const parsed = z
      .object({ workspaceId: z.string().min(1), jobId: z.string().min(1) })
      .safeParse(json);
    return parsed.success ? parsed.data : undefined;
  }

  function isConditionFailed(error: unknown): boolean {
    const cause = (error as { cause?: { name?: string } } | undefined)?.cause;
    return cause?.name === "ConditionalCheckFailedException";
  }
}
