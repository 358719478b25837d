/** Names for the API's shapes as the site reads them, all from the generated OpenAPI types. */
import type { Schema } from "./api.ts";

export type Workspace = Schema<"Workspace">;
export type WorkspaceWithRole = Schema<"WorkspaceWithRole">;
export type Me = Schema<"Me">;
export type SessionTokens = Schema<"Tokens">;
export type User = SessionTokens["user"];
export type Member = Schema<"Member">;
export type Invitation = Schema<"Invitation">;
export type ApiKey = Schema<"ApiKey">;
export type ActivityEntry = Schema<"Activity">;
