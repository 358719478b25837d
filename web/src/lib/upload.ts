/**
 * Uploading a file to the media library: the API hands out a presigned POST, the browser sends
 * the file straight to storage (XMLHttpRequest, for its progress events), then asks the API to
 * check and thumbnail it.
 */
import { ApiError, client, ok, type Schema } from "./api.ts";
import type { MediaItem } from "./posts.ts";

export const acceptedTypes = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "video/mp4",
  "video/quicktime",
  "video/webm",
];

type UploadStart = Schema<"MediaUpload">;

/** Uploads one file; `progress` gets 0–1 as bytes leave the browser. */
export async function uploadMedia(
  workspaceId: string,
  file: File,
  progress: (fraction: number) => void,
): Promise<MediaItem> {
  if (file.type && !acceptedTypes.includes(file.type)) {
    throw new ApiError(
      400,
      "unsupported_media_type",
      `“${file.name}” cannot be posted: upload a JPEG, PNG, GIF or WebP image, or an MP4, MOV or WebM video.`,
      "file",
    );
  }
  const { data } = await ok(
    client.POST("/workspaces/{workspaceId}/media/uploads", {
      params: { path: { workspaceId } },
      body: {
        fileName: file.name,
        contentType: file.type || "application/octet-stream",
        sizeBytes: file.size,
      },
    }),
  );
  await send(data.upload, file, progress);
  progress(1);
  const path = { workspaceId, mediaId: data.media.id };
  const completed = await ok(
    client.POST("/workspaces/{workspaceId}/media/{mediaId}/complete", { params: { path } }),
  );
  // A video is probed by a job (202): wait for it as the API says, at its Location.
  if (completed.status !== 202) return completed.data as MediaItem;
  const jobId = (completed.headers.get("location") ?? "").split("/").pop() ?? "";
  const job = await finishedJob(workspaceId, jobId);
  return job.result?.media as MediaItem;
}

type Job = Schema<"Job">;

/** Polls a job until it finishes; a failed job becomes the error it reports. */
async function finishedJob(workspaceId: string, jobId: string): Promise<Job> {
  for (;;) {
    const { data: job } = await ok(
      client.GET("/workspaces/{workspaceId}/jobs/{jobId}", {
        params: { path: { workspaceId, jobId } },
      }),
    );
    if (job.state === "succeeded") return job;
    if (job.state === "failed") {
      throw new ApiError(400, job.error?.code ?? "job_crashed", job.error?.message ?? "", "file");
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function send(upload: UploadStart["upload"], file: File, progress: (f: number) => void) {
  return new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", upload.url);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress(Math.min(0.99, event.loaded / event.total));
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      reject(
        new ApiError(
          xhr.status,
          "upload_refused",
          `Storage refused “${file.name}”: it may be larger than your plan allows or not the type it claims. Try another file.`,
          "file",
        ),
      );
    });
    const unreachable = () =>
      reject(
        new ApiError(
          0,
          "network_error",
          `“${file.name}” could not be sent. Check your connection and try again.`,
          "file",
        ),
      );
    xhr.addEventListener("error", unreachable);
    xhr.addEventListener("abort", unreachable);
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append("file", file);
    xhr.send(form);
  });
}
