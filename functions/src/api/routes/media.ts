import { Job } from "@cadence/core/job";
import { Media } from "@cadence/core/media";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security, WorkspaceParams } from "../schemas.ts";
import { expectedVersion as expectedVersionOf } from "../versioned.ts";
import { accepted, jobLocation } from "./jobs.ts";

const tags = ["Media"];
const Info = Media.Info.openapi("Media");
const MediaParams = WorkspaceParams.extend({
  mediaId: z
    .string()
    .regex(/^[\w-]{1,64}$/, "use a media id")
    .openapi({ param: { name: "mediaId", in: "path" } }),
});
const Upload = z
  .object({
    media: Info,
    upload: z.object({
      method: z.literal("POST"),
      url: z.string(),
      fields: z.record(z.string(), z.string()),
      expiresAt: z.string(),
      maxBytes: z.number(),
    }),
  })
  .openapi("MediaUpload");
const Fit = Media.FitInfo.openapi("MediaFit");
const FitRequest = Media.FitInput.omit({ mediaId: true }).openapi("MediaFitRequest");
const Update = Media.UpdateInput.omit({ mediaId: true, expectedVersion: true })
  .extend({ version: z.number().int().positive().optional() })
  .openapi("MediaUpdate");

export function mediaRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/media/uploads",
      tags,
      security,
      operationId: "startMediaUpload",
      summary: "Start an upload: get a presigned POST for the file",
      description:
        "Declare the file's name, type and size. The answer holds a URL and form fields: POST them " +
        "with the file as the last field, named `file`, straight to storage, then call " +
        "`…/media/{mediaId}/complete`. Storage refuses a bigger file or another type; a size over " +
        "the plan's limit is refused here with 413 `upload_too_large`.",
      request: { params: WorkspaceParams, ...body(Media.CreateUploadInput.openapi("UploadStart")) },
      responses: { 201: json(Upload, "Upload started"), ...problems(400, 401, 403, 404, 413) },
    }),
    async (c) => {
      const started = await Media.createUpload(c.req.valid("json"));
      c.header(
        "location",
        `/workspaces/${c.req.valid("param").workspaceId}/media/${started.media.id}`,
      );
      return c.json(started, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/media/{mediaId}/complete",
      tags,
      security,
      operationId: "completeMediaUpload",
      summary: "Finish an upload: check, probe and thumbnail the file",
      description:
        "The type is read from the file's bytes: anything but a JPEG, PNG, GIF or WebP image or " +
        "an MP4, MOV or WebM video is refused with 400 `unsupported_media_type`, and the file and " +
        "its media item are deleted. Completing a ready item again returns it unchanged. " +
        "An image is completed in the request (200). A video is probed by a job: the answer is " +
        "202 with the job (its address in `Location`); poll it until `succeeded` (its " +
        "`result.media` is the ready item) or `failed` (its `error` says why).",
      request: { params: MediaParams },
      responses: {
        200: json(Info, "The ready media item"),
        202: accepted("The video's processing job, queued"),
        ...problems(400, 401, 403, 404, 409, 413),
      },
    }),
    async (c) => {
      const { workspaceId, mediaId } = c.req.valid("param");
      if (await Media.completesAsJob({ mediaId })) {
        const job = await Job.start({ kind: "media_process", params: { mediaId } });
        return c.json(job, 202, { location: jobLocation(workspaceId, job.id) });
      }
      const media = await Media.complete({ mediaId });
      c.header("etag", `"${media.version}"`);
      return c.json(media, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/workspaces/{workspaceId}/media/{mediaId}/fit",
      tags,
      security,
      operationId: "fitMedia",
      summary: "A copy of the file fitted to a network's rules",
      description:
        "Checks the file against the network's rules (and post type: Instagram `postType`, " +
        "YouTube `shorts`). 200 with `state: fits` when it can be posted as it is, `ready` with " +
        "the fitted copy in `media`, or `failed`; 202 with `state: queued` while a job makes the " +
        "copy (poll the job at `Location`, then ask again). Asking again never makes a second " +
        "copy. A file no copy can fix (a video shorter than the minimum) is 400 `media_cannot_fit`.",
      request: {
        params: MediaParams,
        ...body(FitRequest),
      },
      responses: {
        200: json(Fit, "The file fits, or its fitted copy"),
        202: {
          ...json(Fit, "A job is making the fitted copy"),
          headers: z.object({ location: z.string().openapi({ description: "The job" }) }),
        },
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { workspaceId, mediaId } = c.req.valid("param");
      const fit = await Media.requestFit({ ...c.req.valid("json"), mediaId });
      if (fit.state === "queued" && fit.jobId) {
        return c.json(fit, 202, { location: jobLocation(workspaceId, fit.jobId) });
      }
      return c.json(fit, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/media",
      tags,
      security,
      operationId: "listMedia",
      summary: "The media library, newest first: search by name, alt text or tag",
      request: { params: WorkspaceParams, query: Media.ListInput.openapi("MediaQuery") },
      responses: {
        200: json(
          z.object({ items: z.array(Info), cursor: z.string().nullable() }),
          "Ready media, each with short-lived file and thumbnail URLs",
        ),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => c.json(await Media.list(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/media/{mediaId}",
      tags,
      security,
      operationId: "getMedia",
      summary: "One media item, with its probe facts and short-lived URLs",
      request: { params: MediaParams },
      responses: { 200: json(Info, "The media item"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const media = await Media.get(c.req.valid("param").mediaId);
      c.header("etag", `"${media.version}"`);
      return c.json(media, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/workspaces/{workspaceId}/media/{mediaId}",
      tags,
      security,
      operationId: "updateMedia",
      summary: "Rename, tag or describe (alt text) a media item",
      description:
        "Alt text holds up to 1,500 characters; each network's rules check its own limit when a " +
        "post is validated. Send the version you edited as `If-Match` or `version`; a stale one " +
        "answers 412.",
      request: {
        params: MediaParams,
        headers: z.object({ "if-match": z.string().optional() }),
        ...body(Update),
      },
      responses: { 200: json(Info, "Updated"), ...problems(400, 401, 403, 404, 412, 428) },
    }),
    async (c) => {
      const { version, ...changes } = c.req.valid("json");
      const expectedVersion = expectedVersionOf(c, version);
      const media = await Media.update({
        ...changes,
        mediaId: c.req.valid("param").mediaId,
        expectedVersion,
      });
      c.header("etag", `"${media.version}"`);
      return c.json(media, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/workspaces/{workspaceId}/media/{mediaId}",
      tags,
      security,
      operationId: "deleteMedia",
      summary: "Delete a media item, unless a scheduled post uses it",
      description:
        "Refused with 409 `media_in_use` while a post that can still publish uses the file; the " +
        "answer says how many.",
      request: { params: MediaParams },
      responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      await Media.remove({ mediaId: c.req.valid("param").mediaId });
      return c.body(null, 204);
    },
  );

  return app;
}
