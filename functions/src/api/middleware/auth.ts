import { type Actor, withActor } from "@cadence/core/actor";
import { ApiKey } from "@cadence/core/api-key";
import { Auth } from "@cadence/core/auth";
import { VisibleError } from "@cadence/core/error";
import { Member } from "@cadence/core/member";
import { Workspace } from "@cadence/core/workspace";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env.ts";

/**
 * Resolves the bearer token (a session's access token or a workspace API key) into the request's
 * Actor and runs the rest of the request inside it. Under /workspaces/{workspaceId} the actor is
 * scoped to that workspace, and a workspace the actor does not belong to answers 404.
 */
export function authenticated(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new VisibleError(
        "unauthenticated",
        "Sign in and send the access token as `Authorization: Bearer <token>`, or use an API key.",
      );
    }
    const token = match[1];
    let actor: Actor = ApiKey.looksLikeKey(token)
      ? await ApiKey.authenticate(token)
      : await Auth.authenticate(token);
    // Middleware runs before routing picks a route, so the id is read from the path itself.
    const workspaceId = /^\/workspaces\/([^/]+)/.exec(c.req.path)?.[1];
    if (workspaceId !== undefined) {
      // Ids are short and plain; anything else names no workspace (and must not reach a key).
      if (!/^[\w-]{1,64}$/.test(workspaceId)) throw Workspace.notFound();
      actor = { ...actor, workspace: await Member.scope(actor, workspaceId) } as Actor;
    }
    c.set("actor", actor);
    await withActor(actor, () => next());
  };
}
