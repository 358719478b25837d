import { Auth } from "@cadence/core/auth";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security } from "../schemas.ts";

const Profile = z
  .object({ id: z.string(), email: z.string(), name: z.string(), timeZone: z.string().nullable() })
  .openapi("Profile");
const tags = ["Identity"];

/** The signed-in person's own settings: profile, password and email. */
export function profileRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags,
      security,
      operationId: "updateMe",
      summary: "Change your name or time zone",
      request: { ...body(Auth.ProfileInput.openapi("ProfileChange")) },
      responses: { 200: json(Profile, "Saved"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const user = await Auth.updateProfile(c.req.valid("json"));
      return c.json(
        { id: user.userId, email: user.email, name: user.name, timeZone: user.timeZone ?? null },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/password",
      tags,
      security,
      operationId: "changePassword",
      summary: "Change your password; your other sessions are signed out",
      description:
        "Needs the current password. Wrong guesses count against the sign-in limits. Every other session of the person ends; this one stays.",
      request: {
        ...body(Auth.PasswordChangeInput.omit({ sourceAddress: true }).openapi("PasswordChange")),
      },
      responses: { 204: { description: "Changed" }, ...problems(400, 401, 403, 429) },
    }),
    async (c) => {
      await Auth.changePassword({ ...c.req.valid("json"), sourceAddress: c.get("sourceAddress") });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/email",
      tags,
      security,
      operationId: "requestEmailChange",
      summary: "Ask to sign in with another email: a confirmation link goes to it",
      description:
        "Needs the current password. Nothing changes until the link mailed to the new address is opened (POST /auth/email-change/confirm).",
      request: {
        ...body(Auth.EmailChangeInput.omit({ sourceAddress: true }).openapi("EmailChange")),
      },
      responses: { 202: { description: "Link sent" }, ...problems(400, 401, 403, 429) },
    }),
    async (c) => {
      await Auth.requestEmailChange({
        ...c.req.valid("json"),
        sourceAddress: c.get("sourceAddress"),
      });
      return c.body(null, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/email-change/confirm",
      tags,
      security: [],
      operationId: "confirmEmailChange",
      summary: "Confirm a new email with the mailed link's token",
      request: { ...body(Auth.EmailConfirmInput.openapi("EmailChangeConfirm")) },
      responses: {
        200: json(z.object({ email: z.string() }).openapi("EmailChanged"), "Changed"),
        ...problems(400, 409),
      },
    }),
    async (c) => c.json(await Auth.confirmEmailChange(c.req.valid("json")), 200),
  );

  return app;
}
