/**
 * Uploading a file to the media library: the API hands out a presigned POST, the browser sends
 * the file straight to storage (XMLHttpRequest, for its progress events), then asks the API to
 * check and thumbnail it.
 */
import { ApiError, api } from "./api.ts";
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

interface UploadStart {
  media: MediaItem;
  upload: { url: string; fields: Record<string, string>; maxBytes: number };
}

/** Uploads one file; `progress` gets 0–1 as bytes leave the browser. */
export async function uploadMedia(
  base: string,
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
  const { data } = await api.post<UploadStart>(`${base}/media/uploads`, {
    fileName: file.name,
    contentType: file.type || "application/octet-stream",
    sizeBytes: file.size,
  });
  await send(data.upload, file, progress);
  progress(1);
  const completed = await api.post<MediaItem | Job>(`${base}/media/${data.media.id}/complete`);
  // A video is probed by a job (202): wait for it as the API says, at its Location.
  if (completed.status !== 202) return completed.data as MediaItem;
  const job = await finishedJob(completed.headers.get("location") ?? "");
  return job.result?.media as MediaItem;
}

interface Job {
  id: string;
  state: "queued" | "running" | "succeeded" | "failed";
  result: { media?: MediaItem } | null;
  error: { code: string; message: string } | null;
}

/** Polls a job until it finishes; a failed job becomes the error it reports. */
async function finishedJob(location: string): Promise<Job> {
  for (;;) {
    const { data: job } = await api.get<Job>(location);
    if (job.state === "succeeded") return job;
    if (job.state === "failed") {
      throw new ApiError(400, job.error?.code ?? "job_failed", job.error?.message ?? "", "file");
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
