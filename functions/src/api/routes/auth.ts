import { roles, useUser } from "@cadence/core/actor";
import { Auth } from "@cadence/core/auth";
import { Workspace } from "@cadence/core/workspace";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.ts";
import { body, json, problems, security } from "../schemas.ts";

const Tokens = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number(),
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  })
  .openapi("Tokens");

const SignUp = Auth.SignUpInput.omit({ userAgent: true }).openapi("SignUp");
const SignIn = Auth.SignInInput.omit({ userAgent: true }).openapi("SignIn");
const Me = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    workspaces: z.array(Workspace.Info.extend({ role: z.enum(roles) })),
  })
  .openapi("Me");

const tags = ["Identity"];

export function authRoutes() {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-up",
      tags,
      operationId: "signUp",
      // Public: no bearer token.
      security: [],
      summary: "Create an account and its personal workspace",
      request: body(SignUp),
      responses: {
        201: json(Tokens.extend({ workspaceId: z.string() }), "Signed up and signed in"),
        ...problems(400, 409),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const result = await Auth.signUp({ ...input, userAgent: c.req.header("user-agent") });
      return c.json({ ...result.tokens, workspaceId: result.workspaceId }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-in",
      tags,
      operationId: "signIn",
      // Public: no bearer token.
      security: [],
      summary: "Sign in with email and password",
      request: body(SignIn),
      responses: { 200: json(Tokens, "Signed in"), ...problems(400, 401, 429) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      return c.json(await Auth.signIn({ ...input, userAgent: c.req.header("user-agent") }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/refresh",
      tags,
      operationId: "refreshSession",
      // Public: no bearer token.
      security: [],
      summary: "Rotate the refresh token and get a new access token",
      description: "Each refresh token works once. Presenting a used one ends the whole session.",
      request: body(Auth.RefreshInput.openapi("Refresh")),
      responses: { 200: json(Tokens, "New tokens"), ...problems(400, 401) },
    }),
    async (c) => c.json(await Auth.refresh(c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/password-reset/request",
      tags,
      operationId: "requestPasswordReset",
      // Public: no bearer token.
      security: [],
      summary: "Email a password reset code",
      request: body(Auth.ResetRequestInput.openapi("PasswordResetRequest")),
      responses: {
        202: { description: "If the account exists, a code was sent" },
        ...problems(400),
      },
    }),
    async (c) => {
      await Auth.requestPasswordReset(c.req.valid("json"));
      return c.body(null, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/password-reset/confirm",
      tags,
      operationId: "confirmPasswordReset",
      // Public: no bearer token.
      security: [],
      summary: "Set a new password with the emailed code; ends every session",
      request: body(Auth.ResetInput.openapi("PasswordReset")),
      responses: { 204: { description: "Password changed" }, ...problems(400) },
    }),
    async (c) => {
      await Auth.resetPassword(c.req.valid("json"));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-out",
      tags,
      security,
      operationId: "signOut",
      summary: "End this session",
      responses: { 204: { description: "Signed out" }, ...problems(401, 403) },
    }),
    async (c) => {
      await Auth.signOut();
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-out-everywhere",
      tags,
      security,
      operationId: "signOutEverywhere",
      summary: "End every session of this account, on every device",
      responses: { 204: { description: "Signed out everywhere" }, ...problems(401, 403) },
    }),
    async (c) => {
      await Auth.signOutEverywhere();
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags,
      security,
      operationId: "getMe",
      summary: "The signed-in person and their workspaces",
      responses: { 200: json(Me, "The signed-in person"), ...problems(401, 403) },
    }),
    async (c) => {
      const user = await Auth.getUser(useUser().userId);
      const workspaces = await Workspace.listMine();
      return c.json(
        { user: { id: user.userId, email: user.email, name: user.name }, workspaces },
        200,
      );
    },
  );

  return app;
}
