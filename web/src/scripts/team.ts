import { client, ok } from "../lib/api.ts";
import { confirmAction } from "../lib/dialog.ts";
import {
  byId,
  emptyState,
  h,
  initials,
  messageOf,
  notify,
  showContent,
  showError,
  showLoading,
} from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { can, type Role, roleDescriptions, roleLabels } from "../lib/roles.ts";
import { chooseWorkspace, setFlash } from "../lib/session.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";
import type { Invitation, Member } from "../lib/types.ts";

mountApp(async (context) => {
  const manager = can.manageTeam(context.role);
  if (!manager) {
    byId("team-lead").textContent =
      "Who works in this workspace. Owners and admins invite people and change roles.";
  }
  const work: Promise<void>[] = [loadMembers(context)];
  if (manager) {
    wireInvite(context);
    byId("invite-card").hidden = false;
    byId("invitations-card").hidden = false;
    work.push(loadInvitations(context));
  }
  await Promise.all(work);
});

function roleOptions(select: HTMLSelectElement, choices: Role[], selected: Role): void {
  select.replaceChildren(
    ...choices.map((role) =>
      h("option", { value: role, selected: role === selected }, roleLabels[role]),
    ),
  );
}

async function loadMembers(context: AppContext): Promise<void> {
  const panel = byId("members");
  showLoading(panel, "Loading members…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/members", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    renderMembers(panel, data.items, context);
  } catch (error) {
    showError(panel, error, () => void loadMembers(context));
  }
}

function renderMembers(panel: HTMLElement, members: Member[], context: AppContext): void {
  byId("members-count").textContent =
    members.length === 1 ? "1 person" : `${members.length} people`;
  const problem = h("p", { class: "alert alert-error", role: "alert", hidden: true });
  const fail = (error: unknown) => {
    problem.textContent = messageOf(error);
    problem.hidden = false;
  };
  showContent(
    panel,
    problem,
    h(
      "ul",
      { class: "rows" },
      members.map((member) => memberRow(member, context, fail)),
    ),
  );
}

function memberRow(member: Member, context: AppContext, fail: (error: unknown) => void) {
  const { me, role, workspace, workspaceId } = context;
  const onMember = (userId: string) => ({ params: { path: { workspaceId, userId } } });
  const isMe = member.userId === me.user.id;
  const actions: HTMLElement[] = [];

  if (!isMe && can.changeRole(role, member.role)) {
    const id = `role-${member.userId}`;
    const select = h("select", { id, class: "select" });
    roleOptions(select, can.assignable(role), member.role);
    select.addEventListener("change", async () => {
      const next = select.value as Role;
      select.disabled = true;
      try {
        const { data } = await ok(
          client.PATCH("/workspaces/{workspaceId}/members/{userId}", {
            ...onMember(member.userId),
            body: { role: next, version: member.version },
          }),
        );
        Object.assign(member, data);
        notify(`${member.name} is now ${article(next)} ${roleLabels[next].toLowerCase()}.`);
      } catch (error) {
        select.value = member.role;
        fail(error);
      } finally {
        select.disabled = false;
      }
    });
    actions.push(
      h("label", { for: id, class: "visually-hidden" }, `Role for ${member.name}`),
      select,
    );
  } else {
    actions.push(h("span", { class: "badge badge-accent" }, roleLabels[member.role]));
  }

  if (!isMe && can.transferOwnership(role) && member.role !== "owner") {
    actions.push(
      h(
        "button",
        {
          type: "button",
          class: "btn btn-ghost btn-small",
          "aria-label": `Make owner: ${member.name}`,
          onclick: () =>
            void confirmAction({
              title: `Make ${member.name} the owner?`,
              message: `${member.name} becomes an owner of “${workspace.name}” and you become an admin. Only an owner can give it back.`,
              confirmLabel: "Transfer ownership",
              action: async () => {
                await ok(
                  client.POST("/workspaces/{workspaceId}/transfer-ownership", {
                    params: { path: { workspaceId } },
                    body: { userId: member.userId },
                  }),
                );
              },
            }).then((done) => {
              if (!done) return;
              setFlash(`${member.name} now owns “${workspace.name}”.`);
              location.reload();
            }),
        },
        "Make owner",
      ),
    );
  }

  if (isMe) {
    actions.push(
      h(
        "button",
        {
          type: "button",
          class: "btn btn-danger-quiet btn-small",
          onclick: () =>
            void confirmAction({
              title: `Leave “${workspace.name}”?`,
              message: "You lose access at once. To come back, someone has to invite you again.",
              confirmLabel: "Leave workspace",
              action: async () => {
                await ok(
                  client.DELETE(
                    "/workspaces/{workspaceId}/members/{userId}",
                    onMember(member.userId),
                  ),
                );
              },
            }).then((done) => {
              if (!done) return;
              chooseWorkspace(undefined);
              setFlash(`You left “${workspace.name}”.`);
              location.assign("/app");
            }),
        },
        "Leave",
      ),
    );
  } else if (can.changeRole(role, member.role)) {
    actions.push(
      h(
        "button",
        {
          type: "button",
          class: "btn btn-danger-quiet btn-small",
          "aria-label": `Remove ${member.name}`,
          onclick: () =>
            void confirmAction({
              title: `Remove ${member.name}?`,
              message: `${member.name} loses access to “${workspace.name}” at once.`,
              confirmLabel: "Remove",
              action: async () => {
                await ok(
                  client.DELETE(
                    "/workspaces/{workspaceId}/members/{userId}",
                    onMember(member.userId),
                  ),
                );
              },
            }).then((done) => {
              if (!done) return;
              notify(`Removed ${member.name}.`);
              void loadMembers(context);
            }),
        },
        "Remove",
      ),
    );
  }

  return h(
    "li",
    { class: "row", "data-member": member.email },
    h(
      "div",
      { class: "row-main" },
      h("span", { class: "avatar", "aria-hidden": "true" }, initials(member.name, member.email)),
      h(
        "div",
        { class: "row-text" },
        h(
          "p",
          { class: "row-title" },
          member.name,
          isMe ? h("span", { class: "muted" }, " (you)") : null,
        ),
        h(
          "p",
          { class: "row-sub" },
          member.email,
          " · joined ",
          timeElement(member.joinedAt, workspace.timeZone, "date"),
        ),
      ),
    ),
    h("div", { class: "row-actions" }, actions),
  );
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

function wireInvite(context: AppContext): void {
  const form = byId<HTMLFormElement>("invite-form");
  const select = byId<HTMLSelectElement>("invite-role");
  roleOptions(select, can.assignable(context.role), "editor");
  for (const option of select.options) {
    option.title = roleDescriptions[option.value as Role];
  }
  bindForm(
    form,
    async (values) => {
      await ok(
        client.POST("/workspaces/{workspaceId}/invitations", {
          params: { path: { workspaceId: context.workspaceId } },
          body: {
            email: values.email ?? "",
            role: values.role as Role,
            acceptUrl: `${location.origin}/invite`,
          },
        }),
      );
      notify(`Invitation sent to ${values.email}.`);
      (form.elements.namedItem("email") as HTMLInputElement).value = "";
      await loadInvitations(context);
    },
    { busyLabel: "Sending…" },
  );
}

const statusBadge: Record<Invitation["status"], string> = {
  pending: "badge-accent",
  accepted: "badge-success",
  revoked: "",
  expired: "badge-warning",
};

async function loadInvitations(context: AppContext): Promise<void> {
  const panel = byId("invitations");
  if (!panel.hasChildNodes()) showLoading(panel, "Loading invitations…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/invitations", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    if (data.items.length === 0) {
      showContent(
        panel,
        emptyState({
          title: "No invitations yet",
          text: "Invite your teammates by email above; their invitations show here.",
        }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        data.items.map((invitation) => invitationRow(invitation, context)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void loadInvitations(context));
  }
}

function invitationRow(invitation: Invitation, context: AppContext): HTMLLIElement {
  const zone = context.workspace.timeZone;
  const when =
    invitation.status === "pending"
      ? [" · valid until ", timeElement(invitation.validUntil, zone, "date")]
      : [];
  return h(
    "li",
    { class: "row", "data-invitation": invitation.email },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "row-title" }, invitation.email),
        h(
          "p",
          { class: "row-sub" },
          `${roleLabels[invitation.role]} · sent `,
          timeElement(invitation.createdAt, zone, "date"),
          ...when,
        ),
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      h("span", { class: `badge ${statusBadge[invitation.status]}` }, invitation.status),
      invitation.status === "pending"
        ? h(
            "button",
            {
              type: "button",
              class: "btn btn-danger-quiet btn-small",
              "aria-label": `Revoke the invitation for ${invitation.email}`,
              onclick: () =>
                void confirmAction({
                  title: "Revoke this invitation?",
                  message: `The link sent to ${invitation.email} stops working. You can invite them again later.`,
                  confirmLabel: "Revoke",
                  action: async () => {
                    await ok(
                      client.DELETE("/workspaces/{workspaceId}/invitations/{invitationId}", {
                        params: {
                          path: { workspaceId: context.workspaceId, invitationId: invitation.id },
                        },
                      }),
                    );
                  },
                }).then((done) => {
                  if (!done) return;
                  notify(`Revoked the invitation for ${invitation.email}.`);
                  void loadInvitations(context);
                }),
            },
            "Revoke",
          )
        : null,
    ),
  );
}
