import { Job } from "@cadence/core/job";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { json, problems, security, WorkspaceParams } from "../schemas.ts";

export const JobSchema = Job.Info.openapi("Job");

/** Where a job is polled: the `Location` of a 202. */
export const jobLocation = (workspaceId: string, jobId: string) =>
  `/workspaces/${workspaceId}/jobs/${jobId}`;

/** A 202 answer carrying a queued job. */
export function accepted(description: string) {
  return {
    ...json(JobSchema, description),
    headers: z.object({ location: z.string().openapi({ description: "Where to poll the job" }) }),
  };
}

/** Jobs: heavy work started by another route (imports, exports, video processing), polled here. */
export function jobRoutes() {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: "get",
      path: "/workspaces/{workspaceId}/jobs/{jobId}",
      tags: ["Jobs"],
      operationId: "getJob",
      security,
      summary: "A job's state and progress; its result, download link or error when finished",
      request: {
        params: WorkspaceParams.extend({
          jobId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: "jobId", in: "path" } }),
        }),
      },
      responses: {
        200: json(JobSchema, "The job"),
        ...problems(401, 404),
      },
    }),
    async (c) => c.json(await Job.get({ jobId: c.req.valid("param").jobId }), 200),
  );
  return app;
}
