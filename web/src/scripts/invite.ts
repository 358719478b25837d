import { client, ok, publicClient } from "../lib/api.ts";
import { byId, messageOf } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { type Role, roleLabels } from "../lib/roles.ts";
import { chooseWorkspace, clearSession, hasSession, setFlash } from "../lib/session.ts";

const token = new URLSearchParams(location.search).get("token");
const here = `/invite?token=${encodeURIComponent(token ?? "")}`;
const loading = byId("invite");

async function show(): Promise<void> {
  if (!token) {
    loading.hidden = true;
    byId("invite-missing").hidden = false;
    return;
  }
  let invitedEmail = "";
  try {
    const { data } = await ok(publicClient.POST("/auth/invitation-preview", { body: { token } }));
    invitedEmail = data.email;
    byId("invite-who").textContent =
      `${data.inviterName ?? "A teammate"} invited ${data.email} to join “${data.workspaceName}” as ${(roleLabels[data.role as Role] ?? data.role).toLowerCase()}.`;
  } catch (error) {
    loading.textContent = messageOf(error);
    return;
  }
  if (!hasSession()) {
    const withEmail = `next=${encodeURIComponent(here)}&email=${encodeURIComponent(invitedEmail)}`;
    byId<HTMLAnchorElement>("invite-sign-up").href = `/sign-up?${withEmail}`;
    byId<HTMLAnchorElement>("invite-sign-in").href = `/sign-in?${withEmail}`;
    loading.hidden = true;
    byId("invite-signed-out").hidden = false;
    return;
  }
  const form = byId<HTMLFormElement>("invite-accept-form");
  try {
    const { data: me } = await ok(client.GET("/me"));
    byId("invite-email").textContent = me.user.email;
  } catch (error) {
    loading.textContent = messageOf(error);
    return;
  }
  loading.hidden = true;
  form.hidden = false;
  bindForm(
    form,
    async () => {
      const { data } = await ok(client.POST("/invitations/accept", { body: { token } }));
      chooseWorkspace(data.workspaceId);
      setFlash(`You joined “${data.name}”.`);
      location.assign("/app");
    },
    { busyLabel: "Joining…" },
  );
  byId("invite-switch").addEventListener("click", async () => {
    try {
      await ok(client.POST("/auth/sign-out"));
    } catch {
      // Already over; forget it locally either way.
    }
    clearSession();
    location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
  });
}

void show();
