import { ApiError, client, ok } from "../lib/api.ts";
import { confirmAction } from "../lib/dialog.ts";
import { byId, h, notify, showContent, showError, showLoading } from "../lib/dom.ts";
import { bindForm, setFieldError } from "../lib/forms.ts";
import { can } from "../lib/roles.ts";
import { chooseWorkspace, setFlash } from "../lib/session.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { fillTimeZones, isTimeZone } from "../lib/time.ts";
import type { Workspace } from "../lib/types.ts";

const form = byId<HTMLFormElement>("settings-form");
const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
const conflict = byId("settings-conflict");
const status = byId("settings-status");

mountApp(async (context) => {
  const state = byId("settings-state");
  const load = async () => {
    showLoading(state, "Loading settings…");
    try {
      const { data } = await ok(
        client.GET("/workspaces/{workspaceId}", {
          params: { path: { workspaceId: context.workspaceId } },
        }),
      );
      showContent(state);
      return data;
    } catch (error) {
      showError(state, error, () => void load().then(show));
      return undefined;
    }
  };
  let current = await load();
  const show = (workspace: Workspace | undefined) => {
    if (!workspace) return;
    current = workspace;
    if (can.editSettings(context.role)) fillForm(workspace);
    else showFacts(workspace);
  };
  show(current);

  if (can.editSettings(context.role)) {
    byId("settings-note").textContent = "Changes apply to everyone in the workspace.";
    wireForm(context, () => current, show, load);
  } else {
    byId("settings-note").textContent = "Only owners and admins can change these.";
  }
  if (can.deleteWorkspace(context.role)) wireDelete(context);
});

function fillForm(workspace: Workspace): void {
  field("name").value = workspace.name;
  field("timeZone").value = workspace.timeZone;
  field("approvalRequired").checked = workspace.approvalRequired;
  field("latePublishWindowMinutes").value = String(workspace.latePublishWindowMinutes);
  form.hidden = false;
}

function showFacts(workspace: Workspace): void {
  const fact = (term: string, value: string) =>
    h("div", null, h("dt", null, term), h("dd", null, value));
  const facts = byId("settings-facts");
  facts.replaceChildren(
    fact("Name", workspace.name),
    fact("Time zone", workspace.timeZone),
    fact("Approval before publishing", workspace.approvalRequired ? "Required" : "Not required"),
    fact("Late-publish window", `${workspace.latePublishWindowMinutes} minutes`),
  );
  facts.hidden = false;
}

function wireForm(
  context: AppContext,
  current: () => Workspace | undefined,
  show: (workspace: Workspace | undefined) => void,
  load: () => Promise<Workspace | undefined>,
): void {
  field("timeZone").addEventListener(
    "focus",
    () => fillTimeZones(byId<HTMLDataListElement>("time-zones")),
    { once: true },
  );
  form.addEventListener("input", () => {
    status.textContent = "Unsaved changes";
  });
  byId("settings-reload").addEventListener("click", async () => {
    conflict.hidden = true;
    show(await load());
    status.textContent = "Showing the latest settings.";
    field("name").focus();
  });

  bindForm(
    form,
    async (values) => {
      const workspace = current();
      if (!workspace) return;
      if (!isTimeZone(values.timeZone ?? "")) {
        setFieldError(form, field("timeZone"), "timeZone", "Choose a time zone from the list.");
        field("timeZone").focus();
        return;
      }
      const minutes = Number(values.latePublishWindowMinutes);
      if (values.latePublishWindowMinutes === "" || !Number.isInteger(minutes)) {
        const input = field("latePublishWindowMinutes");
        setFieldError(
          form,
          input,
          "latePublishWindowMinutes",
          "Enter whole minutes from 0 to 1440.",
        );
        input.focus();
        return;
      }
      conflict.hidden = true;
      const { data } = await ok(
        client.PATCH("/workspaces/{workspaceId}", {
          params: { path: { workspaceId: context.workspaceId } },
          body: {
            name: values.name,
            timeZone: values.timeZone,
            approvalRequired: field("approvalRequired").checked,
            latePublishWindowMinutes: minutes,
          },
          headers: { "if-match": `"${workspace.version}"` },
        }),
      );
      show(data);
      byId("workspace-name").textContent = data.name;
      status.textContent = "All changes saved.";
      notify("Settings saved.");
    },
    {
      busyLabel: "Saving…",
      onError: (error) => {
        if (!(error instanceof ApiError) || error.status !== 412) return false;
        conflict.hidden = false;
        status.textContent = "Not saved.";
        conflict.focus();
        return true;
      },
    },
  );
}

function wireDelete({ workspace, workspaceId }: AppContext): void {
  byId("danger-zone").hidden = false;
  byId("delete-workspace").addEventListener("click", async () => {
    const deleted = await confirmAction({
      title: `Delete “${workspace.name}”?`,
      message:
        "Everyone loses access at once. Its members, invitations and API keys are removed, and this cannot be undone.",
      confirmLabel: "Delete workspace",
      typeToConfirm: workspace.name,
      action: async () => {
        await ok(client.DELETE("/workspaces/{workspaceId}", { params: { path: { workspaceId } } }));
      },
    });
    if (!deleted) return;
    chooseWorkspace(undefined);
    setFlash(`Deleted “${workspace.name}”.`);
    location.assign("/app");
  });
}
