/**
 * Which controls a role sees. The API enforces every rule again; this only keeps people from
 * being offered what they cannot do. Mirrors packages/core's role rules.
 */
export const roles = ["viewer", "editor", "admin", "owner"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  viewer: "Viewer",
  editor: "Editor",
  admin: "Admin",
  owner: "Owner",
};

export const roleDescriptions: Record<Role, string> = {
  viewer: "Sees everything, changes nothing",
  editor: "Writes and schedules posts",
  admin: "Manages the team, settings and API keys",
  owner: "Everything, including deleting the workspace",
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function atLeast(role: string, minimum: Role): boolean {
  return isRole(role) && roles.indexOf(role) >= roles.indexOf(minimum);
}

export const can = {
  editSettings: (role: string) => atLeast(role, "admin"),
  deleteWorkspace: (role: string) => role === "owner",
  manageTeam: (role: string) => atLeast(role, "admin"),
  manageApiKeys: (role: string) => atLeast(role, "admin"),
  transferOwnership: (role: string) => role === "owner",
  /** Admins manage everyone but owners; only owners grant or take the owner role. */
  changeRole: (role: string, target: Role) =>
    atLeast(role, "admin") && (target !== "owner" || role === "owner"),
  /** The roles this person may hand out in invitations and role changes. */
  assignable: (role: string): Role[] =>
    role === "owner" ? [...roles] : atLeast(role, "admin") ? ["viewer", "editor", "admin"] : [],
  /** An API key's role is never above its creator's, and never owner. */
  keyRoles: (role: string): Role[] =>
    (["viewer", "editor", "admin"] as const).filter((r) => atLeast(role, r)),
};
