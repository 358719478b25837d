import { AsyncLocalStorage } from "node:async_hooks";
import { VisibleError } from "../error/index.ts";

export const roles = ["viewer", "editor", "admin", "owner"] as const;
export type Role = (typeof roles)[number];

/** Who is acting: a signed-in user, an API key, or the system (crons, the publish consumer). */
export type Actor =
  | { type: "user"; userId: string; email: string; sessionId: string; workspace?: WorkspaceScope }
  | { type: "apikey"; keyId: string; workspace: WorkspaceScope }
  | { type: "system"; job: string; workspace?: { workspaceId: string } };

export interface WorkspaceScope {
  workspaceId: string;
  role: Role;
}

const storage = new AsyncLocalStorage<Actor>();

/** Runs `work` as `actor`: everything below reads it with `useActor()`. */
export function withActor<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
  return storage.run(actor, work);
}

export function useActor(): Actor {
  const actor = storage.getStore();
  if (!actor) {
    throw new VisibleError("unauthenticated", "Sign in or pass an API key.");
  }
  return actor;
}

export function useUser(): Extract<Actor, { type: "user" }> {
  const actor = useActor();
  if (actor.type !== "user") {
    throw new VisibleError(
      "user_required",
      "This action needs a signed-in person; API keys cannot do it.",
    );
  }
  return actor;
}

/** The workspace the actor is acting in. */
export function useWorkspace(): string {
  const actor = useActor();
  const workspaceId = actor.workspace?.workspaceId;
  if (!workspaceId) {
    throw new VisibleError(
      "workspace_required",
      "Choose a workspace: call a /workspaces/{workspaceId}/… route.",
    );
  }
  return workspaceId;
}

export function useRole(): Role | "system" {
  const actor = useActor();
  if (actor.type === "system") return "system";
  const role = actor.workspace && "role" in actor.workspace ? actor.workspace.role : undefined;
  if (!role) {
    throw new VisibleError("workspace_required", "Choose a workspace for this action.");
  }
  return role;
}

export function hasRole(role: Role | "system", atLeast: Role): boolean {
  if (role === "system") return true;
  return roles.indexOf(role) >= roles.indexOf(atLeast);
}

/** Refuses the action unless the actor's role in the workspace is at least `atLeast`. */
export function assertRole(atLeast: Role): void {
  const role = useRole();
  if (!hasRole(role, atLeast)) {
    throw new VisibleError(
      "role_required",
      `This needs the ${atLeast} role or higher in this workspace; you are ${withArticle(role)}.`,
    );
  }
}

function withArticle(role: string): string {
  return /^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`;
}

/** Who to record in the activity log. */
export function actorRef(): { actorType: Actor["type"]; actorId: string } {
  const actor = useActor();
  if (actor.type === "user") return { actorType: "user", actorId: actor.userId };
  if (actor.type === "apikey") return { actorType: "apikey", actorId: actor.keyId };
  return { actorType: "system", actorId: actor.job };
}
