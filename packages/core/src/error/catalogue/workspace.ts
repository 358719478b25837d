import type { Catalogue } from "./entry.ts";

/** Workspaces, their members, invitations and API keys. */
export const workspaceErrors = {
  workspace_not_found: {
    status: 404,
    title: "No such workspace",
    fix: "Check the workspace id; you can only reach workspaces you are a member of.",
  },
  workspace_required: {
    status: 400,
    title: "Choose a workspace",
    fix: "Call a /workspaces/{workspaceId}/… route for this action.",
  },
  member_not_found: {
    status: 404,
    title: "No such member",
    fix: "Reload the members: this person is not (or no longer) a member of the workspace.",
  },
  last_owner: {
    status: 409,
    title: "The workspace needs an owner",
    fix: "Make someone else an owner first, or delete the workspace.",
  },
  already_owner: {
    status: 400,
    title: "You already own this workspace",
    fix: "Choose another member to make an owner.",
  },
  already_member: {
    status: 409,
    title: "Already a member",
    fix: "This person is already in the workspace; change their role instead of inviting them.",
  },
  invitation_not_found: {
    status: 404,
    title: "No such invitation",
    fix: "The invitation does not exist, was revoked, was already used or has expired. Ask for a new one.",
  },
  invitation_email_mismatch: {
    status: 403,
    title: "The invitation is for another email",
    fix: "Sign in with the email the invitation was sent to, then accept it.",
  },
  api_key_not_found: {
    status: 404,
    title: "No such API key",
    fix: "Reload the workspace's API keys: this one was revoked or never existed here.",
  },
} as const satisfies Catalogue;
