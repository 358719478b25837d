import { roles, useUser } from "@cadence/core/actor";
import { Auth } from "@cadence/core/auth";
import { VisibleError } from "@cadence/core/error";
import { Workspace } from "@cadence/core/workspace";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiEnv } from "../env.ts";
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from "../refresh-cookie.ts";
import { body, json, problems, security } from "../schemas.ts";

// The refresh token is not in the body: it is set as an HttpOnly cookie (refresh-cookie.ts).
const Tokens = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number(),
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
    }),
  })
  .openapi("Tokens");

const SignUp = Auth.SignUpInput.omit({ sourceAddress: true }).openapi("SignUp");
const SignUpConfirm = Auth.SignUpConfirmInput.openapi("SignUpConfirm");
const SignIn = Auth.SignInInput.omit({ userAgent: true, sourceAddress: true }).openapi("SignIn");
const ResetRequest = Auth.ResetRequestInput.omit({ sourceAddress: true }).openapi(
  "PasswordResetRequest",
);
const Reset = Auth.ResetInput.omit({ sourceAddress: true }).openapi("PasswordReset");

/** The tokens for the body; the refresh token goes into its cookie instead. */
function answerTokens(c: Context<ApiEnv>, tokens: Auth.Tokens) {
  const { refreshToken, ...body } = tokens;
  setRefreshCookie(c, refreshToken, Auth.refreshTokenTtlSeconds);
  return body;
}
const Me = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      /** The person's own zone; null for accounts made before zones were recorded. */
      timeZone: z.string().nullable(),
    }),
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
      summary: "Start an account: mails a link that creates it",
      description:
        "Answers 202 whether or not the email has an account, so it cannot be used to learn who is a customer. A new address gets a confirmation link (`confirmUrl`, a page of the site, with `token` added); a registered one gets a note to sign in or reset instead.",
      request: body(SignUp),
      responses: {
        202: json(z.object({ status: z.literal("confirmation_sent") }), "Check the inbox"),
        ...problems(400, 429),
      },
    }),
    async (c) => {
      await Auth.signUp({ ...c.req.valid("json"), sourceAddress: c.get("sourceAddress") });
      return c.json({ status: "confirmation_sent" as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-up/confirm",
      tags,
      operationId: "confirmSignUp",
      // Public: the mailed token authenticates.
      security: [],
      summary: "Create the account from the mailed link, and sign in",
      request: body(SignUpConfirm),
      responses: {
        201: json(Tokens.extend({ workspaceId: z.string() }), "Signed up and signed in"),
        ...problems(400, 409),
      },
    }),
    async (c) => {
      const result = await Auth.confirmSignUpLink({
        ...c.req.valid("json"),
        userAgent: c.req.header("user-agent"),
      });
      return c.json({ ...answerTokens(c, result.tokens), workspaceId: result.workspaceId }, 201);
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
      description: "Sets the refresh token as an HttpOnly cookie for POST /auth/refresh.",
      request: body(SignIn),
      responses: { 200: json(Tokens, "Signed in"), ...problems(400, 401, 429) },
    }),
    async (c) => {
      const tokens = await Auth.signIn({
        ...c.req.valid("json"),
        userAgent: c.req.header("user-agent"),
        sourceAddress: c.get("sourceAddress"),
      });
      return c.json(answerTokens(c, tokens), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/refresh",
      tags,
      operationId: "refreshSession",
      // Public: no bearer token; the refresh cookie authenticates.
      security: [],
      summary: "Rotate the refresh cookie and get a new access token",
      description:
        "Reads the refresh token from its HttpOnly cookie. Each refresh token works once; presenting a used one ends the whole session, its access tokens included.",
      responses: { 200: json(Tokens, "New tokens"), ...problems(401) },
    }),
    async (c) => {
      const refreshToken = readRefreshCookie(c);
      if (!refreshToken) {
        throw new VisibleError(
          "session_ended",
          "There is no session to refresh in this browser. Sign in again.",
        );
      }
      try {
        return c.json(answerTokens(c, await Auth.refresh({ refreshToken })), 200);
      } catch (error) {
        // A refused token is forgotten, so the browser stops offering it.
        if (error instanceof VisibleError) clearRefreshCookie(c);
        throw error;
      }
    },
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
      request: body(ResetRequest),
      responses: {
        202: { description: "If the account exists, a code was sent" },
        ...problems(400, 429),
      },
    }),
    async (c) => {
      await Auth.requestPasswordReset({
        ...c.req.valid("json"),
        sourceAddress: c.get("sourceAddress"),
      });
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
      request: body(Reset),
      responses: { 204: { description: "Password changed" }, ...problems(400, 429) },
    }),
    async (c) => {
      await Auth.resetPassword({ ...c.req.valid("json"), sourceAddress: c.get("sourceAddress") });
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
      clearRefreshCookie(c);
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
      clearRefreshCookie(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-out-others",
      tags,
      security,
      operationId: "signOutOthers",
      summary: "End every other session of this account, keeping this one",
      responses: { 204: { description: "Other sessions ended" }, ...problems(401, 403) },
    }),
    async (c) => {
      await Auth.signOutOthers();
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
        {
          user: {
            id: user.userId,
            email: user.email,
            name: user.name,
            timeZone: user.timeZone ?? null,
          },
          workspaces,
        },
        200,
      );
    },
  );

  return app;
}
