import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitPolicyFor, type NetworkId, networkIds, registry } from "@cadence/networks";
import * as z from "zod";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { isConditionFailure } from "../db/condition.ts";
import type { MediaItem } from "../db/entities/media.ts";
import type { MediaRenditionItem } from "../db/entities/media-rendition.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { Job } from "../job/index.ts";
import { reportProgress } from "../job/progress.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";
import { loadMedia, MediaInfo, toInfo } from "./info.ts";
import { safeFileName } from "./name.ts";
import { encodeImage, encodeVideo } from "./rendition-encode.ts";
import {
  type FitMode,
  type FitPlan,
  type ImagePlan,
  planFit,
  type VideoPlan,
} from "./rendition-plan.ts";
import { presignGet, putObject, readObject } from "./storage.ts";
import { complete, createUpload } from "./upload.ts";

/**
 * Fitted copies: "this video is 16:9; Instagram reels needs 9:16 — use a fitted copy?". Asking
 * decides from the network's rules whether the file fits; if not, one rendition per source and
 * plan is recorded and a `media_fit` job makes it (never the request). The copy is an ordinary
 * media item in the library, so posts attach and publish it like any upload.
 */

export const FitInput = z.object({
  mediaId: z.string().min(1).max(64),
  network: z.enum(networkIds),
  /** The post's options for that network (Instagram postType, YouTube shorts). */
  options: z.record(z.string(), z.unknown()).default({}),
  mode: z
    .enum(["pad", "crop"])
    .optional()
    .describe("pad: keep the whole picture with bars (videos' default); crop: fill the frame"),
});

export const FitInfo = z.object({
  state: z
    .enum(["fits", "queued", "ready", "failed"])
    .describe("fits: use the file as it is; queued: a job is making the copy; ready: use `media`"),
  network: z.string(),
  reasons: z.array(z.string()).describe("Why the file does not fit as it is"),
  media: MediaInfo.nullable().describe("The file to post: the source when it fits, else the copy"),
  jobId: z.string().nullable().describe("The job making the copy, while queued"),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type FitInfo = z.infer<typeof FitInfo>;

function ownerName(network: NetworkId, options: Record<string, unknown>, kind: string): string {
  const name = registry[network].displayName;
  if (network === "youtube" && options.shorts === true) return `${name} Shorts`;
  if (network === "instagram" && kind === "video") {
    return options.postType === "story" ? `${name} stories` : `${name} reels`;
  }
  return name;
}

/** The decision for one file and network: fits, cannot fit (why), or the plan for a copy. */
export function decide(
  item: MediaItem,
  network: NetworkId,
  options: Record<string, unknown>,
  mode?: FitMode,
): FitPlan {
  const fit = fitPolicyFor(network, { kind: item.kind, options });
  const owner = ownerName(network, options, item.kind);
  if (!fit) return { fits: false, fixable: false, reasons: [`${owner} takes no such post`] };
  return planFit(item, fit, owner, mode);
}

const planHashOf = (plan: VideoPlan | ImagePlan) =>
  createHash("sha256").update(JSON.stringify(plan)).digest("hex").slice(0, 32);

const cannotFit = (reasons: string[]) =>
  new VisibleError(
    "media_cannot_fit",
    `This file cannot be fitted: ${reasons.join("; ")}. Choose another file.`,
    "mediaId",
    { reasons },
  );

async function infoOf(item: MediaRenditionItem, workspaceId: string): Promise<FitInfo> {
  const copy =
    item.state === "ready" && item.mediaId
      ? (await db().entities.media.get({ workspaceId, mediaId: item.mediaId }).go()).data
      : null;
  return {
    state: item.state,
    network: item.network,
    reasons: item.reasons,
    media: copy ? await toInfo(copy) : null,
    jobId: item.state === "queued" ? item.jobId : null,
    error:
      item.state === "failed"
        ? { code: item.errorCode ?? "fit_failed", message: item.errorMessage ?? "" }
        : null,
  };
}

/**
 * Asks for a copy of a file fitted to a network. The first asker records the rendition (a
 * conditional create) and queues its job; everyone after gets the same rendition: forty
 * composers asking at once start one job. A failed copy is asked for again with a new job.
 */
export const requestFit = fn(FitInput, async (input): Promise<FitInfo> => {
  assertRole("editor");
  const workspaceId = useWorkspace();
  const source = await loadMedia(input.mediaId);
  if (source.state !== "ready") {
    throw new VisibleError(
      "media_not_ready",
      "This file is still being processed; ask for a fitted copy once it is ready.",
      "mediaId",
    );
  }
  const decision = decide(source, input.network, input.options, input.mode);
  if (decision.fits) {
    return {
      state: "fits",
      network: input.network,
      reasons: [],
      media: await toInfo(source),
      jobId: null,
      error: null,
    };
  }
  if (!decision.fixable) throw cannotFit(decision.reasons);
  const key = { workspaceId, sourceMediaId: source.mediaId, planHash: planHashOf(decision.plan) };
  let rendition: MediaRenditionItem;
  try {
    rendition = (
      await db()
        .entities.mediaRendition.create({
          ...key,
          network: input.network,
          plan: JSON.stringify(decision.plan),
          reasons: decision.reasons,
          jobId: newId("job"),
        })
        .go()
    ).data;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    rendition = await retryIfFailed(key);
  }
  if (rendition.state === "queued") {
    // After the write; starting the same job again is harmless (its id is fixed).
    await Job.start({ kind: "media_fit", jobId: rendition.jobId, params: key });
  }
  return infoOf(rendition, workspaceId);
});

/** The existing rendition; a failed one is taken back to queued with a fresh job id. */
async function retryIfFailed(key: {
  workspaceId: string;
  sourceMediaId: string;
  planHash: string;
}): Promise<MediaRenditionItem> {
  const existing = (await db().entities.mediaRendition.get(key).go()).data;
  if (!existing) throw new Error("rendition vanished between its create and its read");
  if (existing.state !== "failed") return existing;
  try {
    const updated = await db()
      .entities.mediaRendition.patch(key)
      .set({ state: "queued", jobId: newId("job") })
      .remove(["errorCode", "errorMessage"])
      .where(
        (attr, op) => `${op.eq(attr.state, "failed")} AND ${op.eq(attr.jobId, existing.jobId)}`,
      )
      .go({ response: "all_new" });
    return updated.data as MediaRenditionItem;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return (await db().entities.mediaRendition.get(key).go()).data as MediaRenditionItem;
  }
}

export const RunFitParams = z.object({
  workspaceId: z.string(),
  sourceMediaId: z.string(),
  planHash: z.string(),
});

/**
 * The `media_fit` job: encodes the copy, stores it through the upload path (sniffed, probed and
 * thumbnailed like any file) and marks the rendition ready. Only the job that recorded it ready
 * keeps its copy; a second run that lost the race removes its own.
 */
export async function runFit(params: z.infer<typeof RunFitParams>): Promise<FitInfo> {
  const key = RunFitParams.parse(params);
  const rendition = (await db().entities.mediaRendition.get(key).go()).data;
  if (!rendition) throw new VisibleError("rendition_not_found", "The fitted copy was removed.");
  if (rendition.state !== "queued") return infoOf(rendition, key.workspaceId);
  const source = await loadMedia(key.sourceMediaId);
  const plan = JSON.parse(rendition.plan) as VideoPlan | ImagePlan;
  let made: MediaItem;
  try {
    made = await makeCopy(source, plan, rendition.network);
  } catch (error) {
    if (error instanceof VisibleError) await markFailed(rendition, error.code, error.message);
    throw error;
  }
  try {
    const updated = await db()
      .entities.mediaRendition.patch(key)
      .set({ state: "ready", mediaId: made.mediaId })
      .where(
        (attr, op) => `${op.eq(attr.state, "queued")} AND ${op.eq(attr.jobId, rendition.jobId)}`,
      )
      .go({ response: "all_new" });
    return infoOf(updated.data as MediaRenditionItem, key.workspaceId);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    await db().entities.media.delete({ workspaceId: key.workspaceId, mediaId: made.mediaId }).go();
    return infoOf((await db().entities.mediaRendition.get(key).go()).data!, key.workspaceId);
  }
}

async function markFailed(rendition: MediaRenditionItem, code: string, message: string) {
  await db()
    .entities.mediaRendition.patch({
      workspaceId: rendition.workspaceId,
      sourceMediaId: rendition.sourceMediaId,
      planHash: rendition.planHash,
    })
    .set({ state: "failed", errorCode: code, errorMessage: message })
    .where((attr, op) => op.eq(attr.jobId, rendition.jobId))
    .go()
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

const extensionOf: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "video/mp4": "mp4",
};

async function makeCopy(source: MediaItem, plan: VideoPlan | ImagePlan, network: string) {
  let body: Buffer;
  let contentType: string;
  if (plan.kind === "image") {
    body = await encodeImage(await readObject(source.objectKey), plan);
    contentType = plan.mimeType;
  } else {
    const dir = await mkdtemp(join(tmpdir(), "fit-"));
    try {
      const output = join(dir, "fitted.mp4");
      await encodeVideo({
        source: await presignGet(source.objectKey, 60 * 60),
        output,
        plan,
        durationSeconds: source.durationSeconds ?? 0,
        sourceFrameRate: source.frameRate,
        onProgress: (share) => reportProgress(Math.round(share * 100), 100),
      });
      body = await readFile(output);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    contentType = "video/mp4";
  }
  const base = source.name.replace(/\.[^.]+$/, "") || "media";
  const started = await createUpload({
    fileName: safeFileName(
      `${base} (${network} ${plan.width}x${plan.height}).${extensionOf[contentType]}`,
    ),
    contentType,
    sizeBytes: body.length,
  });
  const item = await loadMedia(started.media.id);
  await putObject(item.objectKey, body, contentType);
  await complete({ mediaId: item.mediaId });
  return loadMedia(item.mediaId);
}

/** The rendition a request for this network would give, without starting anything. */
async function readFit(
  mediaId: string,
  network: NetworkId,
  options: Record<string, unknown>,
): Promise<FitInfo> {
  const workspaceId = useWorkspace();
  const source = await loadMedia(mediaId);
  const decision = decide(source, network, options);
  if (decision.fits || !decision.fixable) {
    throw new Error("the file's fit changed while its copy was being made");
  }
  const key = { workspaceId, sourceMediaId: mediaId, planHash: planHashOf(decision.plan) };
  const rendition = (await db().entities.mediaRendition.get(key).go()).data;
  if (!rendition) throw new Error("the rendition was removed while it was being made");
  return infoOf(rendition, workspaceId);
}

/**
 * For work that is already off the request (the autorepost run, a feed poll): the copy for this
 * network, made now by running its job here unless another worker holds it, then waited for.
 * The source itself when it fits; undefined when it cannot be fitted.
 */
export async function fittedFor(
  mediaId: string,
  network: NetworkId,
  options: Record<string, unknown>,
  waitMs = 10 * 60_000,
): Promise<{ mediaId: string; reasons: string[] } | { error: string }> {
  let info: FitInfo;
  try {
    info = await requestFit({ mediaId, network, options });
  } catch (error) {
    if (error instanceof VisibleError && error.code === "media_cannot_fit") {
      return { error: error.message };
    }
    throw error;
  }
  const deadline = Date.now() + waitMs;
  while (info.state === "queued" && info.jobId) {
    await Job.run({ workspaceId: useWorkspace(), jobId: info.jobId });
    // Read, never ask again: asking would queue a failed copy once more.
    info = await readFit(mediaId, network, options);
    if (info.state === "queued") {
      if (Date.now() > deadline) return { error: "the fitted copy is still being made" };
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  if (info.state === "failed") return { error: info.error?.message ?? "the copy failed" };
  return info.media ? { mediaId: info.media.id, reasons: info.reasons } : { error: "no copy" };
}
