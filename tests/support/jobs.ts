import { handler } from "@cadence/functions/jobs/handler";
import { queueArn } from "@cadence/local/resources";
import { startWorker } from "@cadence/local/worker";
import { type ApiResponse, call } from "./api.ts";

export interface JobBody {
  id: string;
  kind: string;
  state: "queued" | "running" | "succeeded" | "failed";
  progress: { done: number; total: number };
  result: Record<string, unknown> | null;
  download: { url: string; fileName: string; expiresAt: string } | null;
  error: { code: string; message: string; details?: Record<string, unknown> } | null;
}

/** Plays the jobs consumer's event source mapping on the stack's jobs queue (one job a batch). */
export function jobsWorker(concurrency = 2) {
  const url = JSON.parse(process.env.SST_RESOURCE_JobQueue ?? "{}").url as string;
  return startWorker({
    endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? "",
    queueUrl: url,
    queueArn: queueArn(url.split("/").at(-1) ?? ""),
    handler,
    batchSize: 1,
    concurrency,
    waitTimeSeconds: 1,
    functionName: "jobs",
  });
}

/**
 * Polls a job a route answered 202 with until it is finished, as a client would (at the
 * `Location` the route gave). `seen` collects each state and progress observed on the way.
 */
export async function finished(
  started: ApiResponse<JobBody>,
  token: string,
  options: { timeoutMs?: number; seen?: JobBody[] } = {},
): Promise<JobBody> {
  if (started.status !== 202) throw new Error(`job not started: ${started.status} ${started.text}`);
  const location = started.headers.get("location") ?? "";
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  // Quick at first (most jobs take a moment), then once a second, as a client would: a long
  // job polled ten times a second would spend much of the stack on its own polls.
  let pause = 100;
  for (;;) {
    const polled = await call<JobBody>("GET", location, { token });
    if (polled.status !== 200) throw new Error(`job poll: ${polled.status} ${polled.text}`);
    options.seen?.push(polled.body);
    if (polled.body.state === "succeeded" || polled.body.state === "failed") return polled.body;
    if (Date.now() > deadline) throw new Error(`job ${polled.body.id} still ${polled.body.state}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(1_000, pause * 1.5);
  }
}

/** Fetches a finished job's file through its presigned link. */
export async function download(job: JobBody) {
  if (!job.download) throw new Error(`job ${job.id} has no download`);
  const response = await fetch(job.download.url);
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    disposition: response.headers.get("content-disposition") ?? "",
    text: await response.text(),
  };
}
