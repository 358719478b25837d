/** The API's shapes as the site reads them (see the OpenAPI document at /openapi.json). */
import type { Role } from "./roles.ts";

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Workspace {
  id: string;
  name: string;
  timeZone: string;
  approvalRequired: boolean;
  latePublishWindowMinutes: number;
  personal: boolean;
  version: number;
  createdAt: string;
}

export interface WorkspaceWithRole extends Workspace {
  role: Role;
}

export interface Me {
  user: User;
  workspaces: WorkspaceWithRole[];
}

export interface SessionTokens {
  accessToken: string;
  expiresIn: number;
  user: User;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  version: number;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  status: "pending" | "accepted" | "revoked" | "expired";
  invitedBy: string;
  validUntil: string;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ActivityEntry {
  id: string;
  at: string;
  actorType: "user" | "apikey" | "system";
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  summary: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string | null;
}
